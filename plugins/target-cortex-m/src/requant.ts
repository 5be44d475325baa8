import type { KernelParam } from '@anvil/core';

const INT32_MIN = -2147483648;

/** Whether the branch-free requantization is exact for these multipliers (see fixedpoint.h). */
export function splitRequantExact(multipliers: readonly number[]): boolean {
  return multipliers.every((m) => m !== INT32_MIN);
}

/**
 * The reference's requantization as the SIMD kernels take it (anvil_mbqm_split from
 * fixedpoint.h: anvil_mbqm with the shift split into left and right at compile time, exact
 * for multipliers ≠ INT32_MIN): one table entry per channel, or one for all (`per_channel` 0,
 * structural, so a specialised call reads the one entry outside its loops) when every channel
 * shares them.
 */
export function splitRequantParams(multipliers: readonly number[], shifts: readonly number[]): Array<readonly [string, KernelParam]> {
  const uniform = multipliers.every((m) => m === multipliers[0]) && shifts.every((s) => s === shifts[0]);
  const m = uniform ? multipliers.slice(0, 1) : multipliers;
  const s = uniform ? shifts.slice(0, 1) : shifts;
  return [
    ['per_channel', uniform ? 0 : 1],
    ['multiplier', { table: { ctype: 'int32_t', values: m } }],
    ['left', { table: { ctype: 'uint8_t', values: s.map((x) => Math.max(x, 0)) } }],
    ['right', { table: { ctype: 'uint8_t', values: s.map((x) => Math.max(-x, 0)) } }],
  ];
}

/**
 * The DSP kernels' `right_only` field: 2 when every multiplier is non-negative and no shift is
 * left (anvil_mbqm_noshift, the form single-rounding graphs' multipliers take), 1 when every
 * shift is a right one of 1..31 (anvil_mbqm_right), else 0 (anvil_mbqm_split). All three are
 * anvil_mbqm exactly for these multipliers.
 */
export function dspRequantForm(multipliers: readonly number[], shifts: readonly number[]): 0 | 1 | 2 {
  if (!multipliers.every((m) => m >= 0)) return 0;
  if (shifts.every((s) => s === 0)) return 2;
  return shifts.every((s) => s <= -1 && s >= -31) ? 1 : 0;
}

/**
 * The Helium kernels' `right_only` field: 2 when no shift is left or right (VQRDMULH alone is
 * anvil_mbqm then, anvil_mve_requant_none), 1 when every shift is a right one (the shorter
 * anvil_mve_requant_right), else 0. With 1 or 2 the tables store no left shifts.
 */
export function mveRequantForm(shifts: readonly number[]): 0 | 1 | 2 {
  if (shifts.every((s) => s === 0)) return 2;
  return shifts.every((s) => s < 0) ? 1 : 0;
}

/** A folded-bias (or other int32) table the kernel points at. */
export function int32Table(values: ArrayLike<number>, align?: number): KernelParam {
  return { table: { ctype: 'int32_t', values, ...(align === undefined ? {} : { align }) } };
}

/**
 * The output offset and activation clamp, and the input offset when the kernel pads with the
 * zero point. Structural (plain numbers, not `{ scalar }`): as literals they become immediates
 * in the requantization and the padding fills, where read at run time they took registers the
 * SIMD loops need (spills in the hot loops, up to +4% per model measured on the M4 and the
 * M55). Specialised calls share less, a fair price at `fast`.
 */
export function offsetParams(
  output: { readonly outputOffset: number; readonly activationMin: number; readonly activationMax: number },
  inputOffset?: number,
): Array<readonly [string, KernelParam]> {
  return [
    ...(inputOffset === undefined ? [] : [['input_offset', inputOffset] as const]),
    ['output_offset', output.outputOffset],
    ['act_min', output.activationMin],
    ['act_max', output.activationMax],
  ];
}
