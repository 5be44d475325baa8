import { frexp } from './frexp.js';
import { tfliteRound } from './tflite-round.js';

/** A real multiplier as TFLite stores it: real ≈ multiplier * 2^(shift - 31). */
export interface QuantizedMultiplier {
  /** Q0.31 significand in [2^30, 2^31), or 0. */
  readonly multiplier: number;
  /** Power-of-two exponent: positive shifts left, negative right. */
  readonly shift: number;
}

const TWO_31 = 2147483648;

/**
 * TFLite QuantizeMultiplier (quantization_util.cc, double-rounding build): frexp the double,
 * round the fraction to Q31 half away from zero, renormalise when that rounds up to exactly
 * 2^31, and flush multipliers whose shift would be below -31 to zero (TFLite's "denormals").
 * TFLITE_SINGLE_ROUNDING's clamp of shift to 30 is deliberately absent.
 */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (real === 0) return { multiplier: 0, shift: 0 };
  const { fraction, exponent } = frexp(real);
  // fraction * 2^31 is a power-of-two scaling, so exact; only the rounding is lossy.
  let q = tfliteRound(fraction * TWO_31);
  let shift = exponent;
  if (q === TWO_31) {
    q /= 2;
    shift += 1;
  }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  return { multiplier: q, shift };
}

/**
 * QuantizeMultiplierSmallerThanOneExp: TFLite CHECKs 0 < real < 1 and shift <= 0 and aborts
 * otherwise; we return undefined so the caller can raise an error naming the node.
 */
export function quantizeMultiplierSmallerThanOneExp(real: number): QuantizedMultiplier | undefined {
  if (!(real > 0 && real < 1)) return undefined;
  const q = quantizeMultiplier(real);
  return q.shift <= 0 ? q : undefined;
}

/** QuantizeMultiplierGreaterThanOne: TFLite CHECKs real > 1 and shift >= 0. */
export function quantizeMultiplierGreaterThanOne(real: number): QuantizedMultiplier | undefined {
  if (!(real > 1)) return undefined;
  const q = quantizeMultiplier(real);
  return q.shift >= 0 ? q : undefined;
}
