import { cArray, requantTables } from '@anvil/codegen-c';

export interface Requant {
  /** Tables to declare at file scope (empty for per-tensor scales). */
  readonly decl: string;
  /** C expression: the int8 output for accumulator `acc` of channel `ch`. */
  store(acc: string, ch: string): string;
}

/**
 * The reference's requantization, verbatim (anvil_mbqm from fixedpoint.h, then the output
 * offset and the activation clamp), so the SIMD kernels round exactly like every backend.
 */
export function requant(
  multipliers: readonly number[],
  shifts: readonly number[],
  outputOffset: number,
  min: number,
  max: number,
): Requant {
  const q = requantTables(multipliers, shifts);
  const mult = (ch: string): string => (q.decl === '' ? q.mult : `k_multiplier[${ch}]`);
  const shift = (ch: string): string => (q.decl === '' ? q.shift : `k_shift[${ch}]`);
  return {
    decl: q.decl,
    store: (acc, ch) => `(int8_t)anvil_clamp(anvil_mbqm(${acc}, ${mult(ch)}, ${shift(ch)}) + ${outputOffset}, ${min}, ${max})`,
  };
}

export function int32Table(name: string, values: ArrayLike<number>): string {
  return cArray('int32_t', name, values);
}
