import type { Graph, KernelParam, Tensor } from '@anvil/core';

// The input offset folded into the bias is codegen-c's foldedBias, shared by every target's kernels.
export { foldedBias } from '@anvil/codegen-c';

/**
 * Channels per chunk, ANVIL_RVV_CHUNK in runtime-c/include/anvil/internal/rvv.h: the 32-bit
 * lanes of eight vector registers at VLEN 128. The tables below are laid out in chunks of this
 * width, so it must match the C.
 */
export const RVV_CHUNK = 32;

/** The widths of the chunks `channels` splits into (the last one shorter). */
export function chunks(channels: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < channels; c += RVV_CHUNK) out.push(Math.min(RVV_CHUNK, channels - c));
  return out;
}

/** Constant int8 weights of a tensor. */
export function int8Weights(graph: Graph, id: number): Int8Array {
  const t = graph.tensors[id] as Tensor;
  const d = t.data ?? new Uint8Array(0);
  return new Int8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** Entry c of a table that holds one entry per channel or one for all. */
export function perChannel(values: readonly number[], c: number): number {
  return (values.length === 1 ? values[0] : values[c]) as number;
}

/**
 * The kernels' `right_only` field: 1 when every shift is a right shift of 1..31 (the shorter
 * requantization, whose rounding fix-up assumes a non-zero right shift), 2 when no shift is
 * left or right (vsmul alone, single-rounding graphs), else 0. 1 and 2 store no left shifts.
 */
export function rvvRequantForm(shifts: readonly number[]): 0 | 1 | 2 {
  if (shifts.every((s) => s === 0)) return 2;
  return shifts.every((s) => s <= -1 && s >= -31) ? 1 : 0;
}

/**
 * The `lanes` table of anvil/internal/rvv.h: per chunk of vl channels, vl folded biases, vl
 * multipliers, vl right shifts and, unless every shift is a right one, vl left shifts.
 */
export function lanesTable(bias: Int32Array, multipliers: readonly number[], shifts: readonly number[]): Int32Array {
  const withLeft = rvvRequantForm(shifts) === 0;
  const out: number[] = [];
  let c0 = 0;
  for (const vl of chunks(bias.length)) {
    const field = (f: (c: number) => number): void => {
      for (let c = c0; c < c0 + vl; c++) out.push(f(c));
    };
    field((c) => bias[c] as number);
    field((c) => perChannel(multipliers, c));
    field((c) => Math.max(-perChannel(shifts, c), 0));
    if (withLeft) field((c) => Math.max(perChannel(shifts, c), 0));
    c0 += vl;
  }
  return Int32Array.from(out);
}

/** The output offset and clamp, and the input offset the padding reads; structural, so a specialised call folds them. */
export function offsetParams(
  p: { readonly outputOffset: number; readonly activationMin: number; readonly activationMax: number },
  inputOffset?: number,
): Array<readonly [string, KernelParam]> {
  return [
    ...(inputOffset === undefined ? [] : [['input_offset', inputOffset] as const]),
    ['output_offset', p.outputOffset],
    ['act_min', p.activationMin],
    ['act_max', p.activationMax],
  ];
}
