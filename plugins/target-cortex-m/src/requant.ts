import { cArray, cInt } from '@anvil/codegen-c';

export interface Requant {
  /** Tables to declare at file scope (empty for per-tensor scales). */
  readonly decl: string;
  /** C expression: the int8 output for accumulator `acc` of channel `ch`. */
  store(acc: string, ch: string): string;
}

const INT32_MIN = -2147483648;

/** Whether the branch-free requantization is exact for these multipliers (see fixedpoint.h). */
export function splitRequantExact(multipliers: readonly number[]): boolean {
  return multipliers.every((m) => m !== INT32_MIN);
}

/**
 * The reference's requantization (anvil_mbqm_split from fixedpoint.h: anvil_mbqm with the
 * shift split into left and right at compile time, exact for multipliers ≠ INT32_MIN), then
 * the output offset and the activation clamp.
 */
export function requant(
  multipliers: readonly number[],
  shifts: readonly number[],
  outputOffset: number,
  min: number,
  max: number,
): Requant {
  const uniform = multipliers.every((m) => m === multipliers[0]) && shifts.every((s) => s === shifts[0]);
  const left = shifts.map((s) => Math.max(s, 0));
  const right = shifts.map((s) => Math.max(-s, 0));
  const call = (acc: string, m: string, l: string, r: string): string =>
    `(int8_t)anvil_clamp(anvil_mbqm_split(${acc}, ${m}, ${l}, ${r}) + ${outputOffset}, ${min}, ${max})`;
  if (uniform) {
    return { decl: '', store: (acc) => call(acc, cInt(multipliers[0] ?? 0), String(left[0] ?? 0), String(right[0] ?? 0)) };
  }
  return {
    decl: `${cArray('int32_t', 'k_multiplier', multipliers)}\n${cArray('uint8_t', 'k_left', left)}\n${cArray('uint8_t', 'k_right', right)}\n`,
    store: (acc, ch) => call(acc, `k_multiplier[${ch}]`, `k_left[${ch}]`, `k_right[${ch}]`),
  };
}

export function int32Table(name: string, values: ArrayLike<number>): string {
  return cArray('int32_t', name, values);
}
