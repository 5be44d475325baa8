import { oneOverOnePlusXForXIn01 } from './one-over-one-plus-x.js';

export interface Reciprocal {
  /** 1 / (x normalised into [1, 2)), in Q0.31. */
  readonly scale: number;
  /** How many bits of x sit above 1.0; the caller shifts right by this much more. */
  readonly numBitsOverUnit: number;
}

/**
 * TFLite GetReciprocal (kernels/internal/common.h): normalise x, a positive fixed-point value
 * with `integerDigits` integer bits, to [1, 2) by its leading zeros and take 1 / (1 + frac).
 */
export function getReciprocal(x: number, integerDigits: number): Reciprocal {
  const headroomPlusOne = Math.clz32(x);
  const numBitsOverUnit = integerDigits - headroomPlusOne;
  // (uint32)x << headroom, minus 2^31, reinterpreted as int32. Math.clz32(0) is 32 and the
  // C shift by 32 would be undefined; softmax sums are never 0 (exp(0) is always included).
  const shifted = headroomPlusOne >= 32 ? 0 : (x << headroomPlusOne) >>> 0;
  const shiftedSumMinusOne = (shifted - 2147483648) | 0;
  return { scale: oneOverOnePlusXForXIn01(shiftedSumMinusOne), numBitsOverUnit };
}
