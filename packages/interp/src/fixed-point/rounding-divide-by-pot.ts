import { fail, errors } from '@anvil/core';

/**
 * gemmlowp RoundingDivideByPOT: arithmetic shift right by `exponent` rounding to nearest,
 * ties away from zero (the remainder is compared with half the divisor, and negative values
 * need one more to round up).
 *
 * gemmlowp asserts 0 <= exponent <= 31 and TFLM never calls it outside that range for a valid
 * model (QuantizeMultiplier flushes shifts below -31 to zero); anything else is our bug.
 */
export function roundingDivideByPOT(x: number, exponent: number): number {
  if (!(exponent >= 0 && exponent <= 31)) fail(errors.internal(`RoundingDivideByPOT exponent ${exponent} outside [0, 31]`));
  const mask = (2 ** exponent - 1) | 0;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}
