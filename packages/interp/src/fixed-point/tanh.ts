import { addWrap, INT32_MAX, subWrap } from './int32.js';
import { expOnNegativeValues } from './exp-on-negative-values.js';
import { roundingHalfSum } from './rounding-half-sum.js';
import { saturatingRoundingDoublingHighMul as mul } from './saturating-rounding-doubling-high-mul.js';
import { saturatingRoundingMultiplyByPOT } from './saturating-rounding-multiply-by-pot.js';

const FORTY_EIGHT_OVER_SEVENTEEN = 1515870810; // 48/17 in Q2.29
const MINUS_THIRTY_TWO_OVER_SEVENTEEN = -1010580540; // -32/17 in Q2.29
const ONE_Q2 = 1 << 29;

/**
 * gemmlowp one_minus_x_over_one_plus_x_for_x_in_0_1: (1 - a) / (1 + a) for a in [0, 1) in
 * Q0.31. The same Newton-Raphson reciprocal of the half denominator as 1 / (1 + a), x being
 * 2 / (1 + a) in Q2.29; x - 1 is then the quotient, brought back to Q0.31 saturating.
 */
export function oneMinusXOverOnePlusXForXIn01(a: number): number {
  const halfDenominator = roundingHalfSum(a, INT32_MAX);
  let x = addWrap(FORTY_EIGHT_OVER_SEVENTEEN, mul(halfDenominator, MINUS_THIRTY_TWO_OVER_SEVENTEEN));
  for (let i = 0; i < 3; i++) {
    const oneMinus = subWrap(ONE_Q2, mul(halfDenominator, x));
    x = addWrap(x, saturatingRoundingMultiplyByPOT(mul(x, oneMinus), 2));
  }
  return saturatingRoundingMultiplyByPOT(subWrap(x, ONE_Q2), 2);
}

/**
 * gemmlowp tanh for FixedPoint<int32, integerBits>, result in Q0.31: for n = -|a|,
 * (1 - e^(2n)) / (1 + e^(2n)), the exponent taken with one more integer bit (2n is n
 * reinterpreted, not shifted), negated back for negative inputs, exactly 0 at 0.
 */
export function fixedPointTanh(a: number, integerBits: number): number {
  if (a === 0) return 0;
  const negative = a < 0;
  // gemmlowp's unary minus is a plain (wrapping) negation.
  const n = negative ? a : -a | 0;
  const t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(n, integerBits + 1));
  return negative ? -t | 0 : t;
}
