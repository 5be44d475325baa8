import type { Graph, KernelParam, Target } from '@anvil/core';

const INT32_MIN = -2147483648;

/** The targets whose cores run these kernels: every RV32 target, the vector one for its scalar fallback. */
export const RV32_SCALAR_TARGETS: readonly string[] = ['rv32imc', 'rv32imac', 'rv32imac_zve32x'];

export function isRv32ScalarTarget(target: Target): boolean {
  return RV32_SCALAR_TARGETS.includes(target.name);
}

/** Constant int8 data of a tensor, or undefined when it is not a constant int8 tensor. */
export function constantInt8(graph: Graph, id: number | undefined): Int8Array | undefined {
  const t = id === undefined ? undefined : graph.tensors[id];
  if (t?.data === undefined || t.dtype !== 'int8') return undefined;
  return new Int8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** No bias, or a constant int32 one: the kernels fold it into a table at compile time. */
export function foldableBias(graph: Graph, id: number | undefined): boolean {
  if (id === undefined || id < 0) return true;
  const t = graph.tensors[id];
  return t?.data !== undefined && t.dtype === 'int32';
}

/** Int8 in and out: the only types these kernels handle. */
export function int8Io(node: { readonly inputs: readonly number[]; readonly outputs: readonly number[] }, graph: Graph): boolean {
  const x = graph.tensors[node.inputs[0] ?? -1];
  const y = graph.tensors[node.outputs[0] ?? -1];
  return x?.dtype === 'int8' && y?.dtype === 'int8';
}

/**
 * Whether the kernels' requantization is exact (anvil_mbqm_split in fixedpoint.h: every
 * multiplier but INT32_MIN) and the padding they fill with the input zero point can hold it
 * as an int8 (the reference adds the offset to every input instead, so it accepts any).
 */
export function rv32QuantSupported(multipliers: readonly number[], inputOffset: number): boolean {
  return multipliers.every((m) => m !== INT32_MIN) && inputOffset >= -127 && inputOffset <= 128;
}

/**
 * The requantization fields (anvil_quant_rv32_s8_params.h): one entry per channel, or one for
 * all (`per_channel` 0, structural) when every channel shares it; the shift split into left
 * and right; `right_only` when every multiplier is non-negative and every shift a right shift
 * by 1..31, where the kernels take anvil_mbqm_right (exact only there) for a third fewer
 * instructions; 2 when every multiplier is non-negative and no shift is left (anvil_mbqm_noshift,
 * single-rounding graphs).
 */
export function rv32RequantParams(multipliers: readonly number[], shifts: readonly number[]): Array<readonly [string, KernelParam]> {
  const uniform = multipliers.every((m) => m === multipliers[0]) && shifts.every((s) => s === shifts[0]);
  const m = uniform ? multipliers.slice(0, 1) : multipliers;
  const s = uniform ? shifts.slice(0, 1) : shifts;
  const positive = multipliers.every((v) => v >= 0);
  const form = !positive ? 0 : shifts.every((v) => v === 0) ? 2 : shifts.every((v) => v <= -1 && v >= -31) ? 1 : 0;
  return [
    ['per_channel', uniform ? 0 : 1],
    ['right_only', form],
    ['multiplier', { table: { ctype: 'int32_t', values: m } }],
    ['left', { table: { ctype: 'uint8_t', values: s.map((x) => Math.max(x, 0)) } }],
    ['right', { table: { ctype: 'uint8_t', values: s.map((x) => Math.max(-x, 0)) } }],
  ];
}

/**
 * Output offset and activation clamp, structural: as literals they become immediates in the
 * requantization, where read at run time they take registers the tiled loops need.
 */
export function rv32OutputParams(p: {
  readonly outputOffset: number;
  readonly activationMin: number;
  readonly activationMax: number;
}): Array<readonly [string, KernelParam]> {
  return [
    ['output_offset', p.outputOffset],
    ['act_min', p.activationMin],
    ['act_max', p.activationMax],
  ];
}

export function int8Table(values: ArrayLike<number>): KernelParam {
  return { table: { ctype: 'int8_t', values } };
}

export function int32Table(values: ArrayLike<number>): KernelParam {
  return { table: { ctype: 'int32_t', values } };
}
