import { addWrap, INT32_MAX, subWrap } from './int32.js';
import { roundingDivideByPOT } from './rounding-divide-by-pot.js';
import { saturatingRoundingDoublingHighMul as mul } from './saturating-rounding-doubling-high-mul.js';
import { saturatingRoundingMultiplyByPOT } from './saturating-rounding-multiply-by-pot.js';

/** Raw Q0.31 constants gemmlowp bakes into its exp. */
const EXP_MINUS_ONE_EIGHTH = 1895147668; // exp(-1/8)
const ONE_THIRD = 715827883;

/**
 * exp(-2^k) in Q0.31 for k = -2..4: the barrel shifter multiplies these in for each set bit of
 * the integer-and-quarter part of the input.
 */
const BARREL: ReadonlyArray<readonly [exponent: number, multiplier: number]> = [
  [-2, 1672461947],
  [-1, 1302514674],
  [0, 790015084],
  [1, 290630308],
  [2, 39332535],
  [3, 720401],
  [4, 242],
];

/**
 * gemmlowp exp_on_interval_between_negative_one_quarter_and_0_excl: a 4th-order Taylor
 * expansion around -1/8, in Q0.31 throughout. The raw adds are gemmlowp's non-saturating ones.
 */
export function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  const x = addWrap(a, 1 << 28); // a + 1/8
  const x2 = mul(x, x);
  const x3 = mul(x2, x);
  const x4 = mul(x2, x2);
  const x4Over4 = roundingDivideByPOT(x4, 2);
  const poly = roundingDivideByPOT(addWrap(mul(addWrap(x4Over4, x3), ONE_THIRD), x2), 1);
  return addWrap(EXP_MINUS_ONE_EIGHTH, mul(EXP_MINUS_ONE_EIGHTH, addWrap(x, poly)));
}

/**
 * gemmlowp exp_on_negative_values for FixedPoint<int32, integerBits>: returns exp(a) in Q0.31
 * for a <= 0 given as a raw value with `integerBits` integer bits. The input is split into a
 * part in [-1/4, 0) (Taylor) and multiples of powers of two (barrel shifter).
 */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits;
  const oneQuarter = 1 << (fractionalBits - 2);
  const mask = oneQuarter - 1;
  const aModQuarterMinusOneQuarter = subWrap(a & mask, oneQuarter);
  // Rescale<0> from `integerBits` integer bits: a saturating left shift.
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(saturatingRoundingMultiplyByPOT(aModQuarterMinusOneQuarter, integerBits));
  const remainder = subWrap(aModQuarterMinusOneQuarter, a);
  for (const [exponent, multiplier] of BARREL) {
    // gemmlowp compiles a step out when the format cannot hold 2^exponent.
    if (integerBits > exponent && (remainder & (1 << (fractionalBits + exponent))) !== 0) {
      result = mul(result, multiplier);
    }
  }
  if (integerBits > 5) {
    // Below -32, exp rounds to 0 in Q0.31; gemmlowp clamps explicitly for wide formats.
    const clamp = -(2 ** (36 - integerBits));
    if (a < clamp) result = 0;
  }
  return a === 0 ? INT32_MAX : result;
}
