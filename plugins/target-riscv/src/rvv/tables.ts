import { constantValues } from '@anvil/codegen-c';
import type { Graph, KernelParam, Tensor } from '@anvil/core';

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

/**
 * Per-channel bias with the input offset folded in, bias[c] + inputOffset · Σ w[c], in
 * wrapping int32 arithmetic as the reference's accumulator: the vector loops then multiply raw
 * int8 inputs, and taps in the padding, which read the input zero point (−inputOffset),
 * contribute exactly what the fold added for them, so the sum equals the reference's that
 * skips them. `weightOf(c, k)` reads weight k of channel c, `taps` per channel.
 */
export function foldedBias(
  graph: Graph,
  biasId: number | undefined,
  channels: number,
  taps: number,
  inputOffset: number,
  weightOf: (c: number, k: number) => number,
): Int32Array {
  const out = new Int32Array(channels);
  const bias = biasId === undefined || biasId < 0 ? undefined : constantValues(graph.tensors[biasId] as Tensor);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let k = 0; k < taps; k++) sum += weightOf(c, k);
    out[c] = ((bias?.[c] ?? 0) + Math.imul(inputOffset, sum)) | 0;
  }
  return out;
}

/** Entry c of a table that holds one entry per channel or one for all. */
export function perChannel(values: readonly number[], c: number): number {
  return (values.length === 1 ? values[0] : values[c]) as number;
}

/**
 * Every shift a right shift of 1..31: the kernels' shorter requantization, whose rounding
 * fix-up assumes a non-zero right shift and which stores no left shifts.
 */
export function rightOnly(shifts: readonly number[]): boolean {
  return shifts.every((s) => s <= -1 && s >= -31);
}

/**
 * The `lanes` table of anvil/internal/rvv.h: per chunk of vl channels, vl folded biases, vl
 * multipliers, vl right shifts and, unless every shift is a right one, vl left shifts.
 */
export function lanesTable(bias: Int32Array, multipliers: readonly number[], shifts: readonly number[]): Int32Array {
  const withLeft = !rightOnly(shifts);
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
