import { INT32_MAX } from './int32.js';
import { expOnNegativeValues } from './exp-on-negative-values.js';
import { oneOverOnePlusXForXIn01 } from './one-over-one-plus-x.js';

/**
 * gemmlowp logistic for FixedPoint<int32, integerBits>: 1 / (1 + exp(-|a|)) for the positive
 * side, one minus that for the negative side, and exactly 1/2 at zero. Result in Q0.31.
 */
export function fixedPointLogistic(a: number, integerBits: number): number {
  if (a === 0) return 1 << 30;
  const positive = a > 0;
  // gemmlowp's unary minus is a plain (wrapping) negation.
  const absInput = positive ? a : -a | 0;
  const resultIfPositive = oneOverOnePlusXForXIn01(expOnNegativeValues(-absInput | 0, integerBits));
  return positive ? resultIfPositive : (INT32_MAX - resultIfPositive) | 0;
}
