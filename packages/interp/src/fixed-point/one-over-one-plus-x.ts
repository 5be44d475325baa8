import { addWrap, INT32_MAX, subWrap } from './int32.js';
import { roundingHalfSum } from './rounding-half-sum.js';
import { saturatingRoundingDoublingHighMul as mul } from './saturating-rounding-doubling-high-mul.js';
import { saturatingRoundingMultiplyByPOT } from './saturating-rounding-multiply-by-pot.js';

const FORTY_EIGHT_OVER_SEVENTEEN = 1515870810; // 48/17 in Q2.29
const MINUS_THIRTY_TWO_OVER_SEVENTEEN = -1010580540; // -32/17 in Q2.29
const ONE_Q2 = 1 << 29;

/**
 * gemmlowp one_over_one_plus_x_for_x_in_0_1: 1 / (1 + a) for a in [0, 1) in Q0.31, by three
 * Newton-Raphson steps on the half denominator, kept in Q2.29.
 */
export function oneOverOnePlusXForXIn01(a: number): number {
  const halfDenominator = roundingHalfSum(a, INT32_MAX);
  let x = addWrap(FORTY_EIGHT_OVER_SEVENTEEN, mul(halfDenominator, MINUS_THIRTY_TWO_OVER_SEVENTEEN));
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = mul(halfDenominator, x);
    const oneMinus = subWrap(ONE_Q2, halfDenominatorTimesX);
    // Q2 * Q2 is Q4; Rescale<2> shifts it back up by two, saturating.
    x = addWrap(x, saturatingRoundingMultiplyByPOT(mul(x, oneMinus), 2));
  }
  // ExactMulByPot<-1> reinterprets Q2.29 as Q1.30; Rescale<0> then shifts left by one.
  return saturatingRoundingMultiplyByPOT(x, 1);
}
