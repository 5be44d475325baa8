import { INT32_MAX, INT32_MIN } from './int32.js';
import { roundingDivideByPOT } from './rounding-divide-by-pot.js';

/**
 * gemmlowp SaturatingRoundingMultiplyByPOT<exponent> on int32: a saturating left shift for a
 * positive exponent, a rounding right shift (RoundingDivideByPOT) for a negative one. This is
 * what `Rescale<>` between fixed-point formats does.
 */
export function saturatingRoundingMultiplyByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  if (exponent < 0) return roundingDivideByPOT(x, -exponent);
  const threshold = 2 ** (31 - exponent) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x * 2 ** exponent;
}
