import { INT32_MAX, INT32_MIN } from './int32.js';

const TWO_15 = 32768;
const TWO_31 = 2147483648;

/**
 * gemmlowp SaturatingRoundingDoublingHighMul for int32 (the ARM VQRDMULH): the high word of
 * 2ab, rounded to nearest with ties away from zero, where the 64-bit product is divided by
 * 2^31 with C's truncating division after adding a nudge of +2^30 (product >= 0) or
 * 1 - 2^30 (product < 0). The one overflowing case, INT32_MIN * INT32_MIN, saturates.
 *
 * A JS double cannot hold a*b exactly (up to 2^62), so b is split into 16-bit halves and the
 * quotient is assembled from pieces that each stay below 2^53. This keeps the hot path free
 * of BigInt; the spec compares it against a BigInt model.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const negative = (a < 0 && b > 0) || (a > 0 && b < 0);
  const nudge = negative ? 1 - (1 << 30) : 1 << 30;
  const bLow = b & 0xffff; // 0..65535
  const bHigh = b >> 16; // -32768..32767, so b = bHigh * 2^16 + bLow
  const productHigh = a * bHigh; // |.| <= 2^46, exact
  const productLow = a * bLow; // |.| < 2^47, exact
  // a*bHigh*2^16 = q1 * 2^31 + r1 * 2^16 with 0 <= r1 < 2^15.
  const q1 = Math.floor(productHigh / TWO_15);
  const r1 = productHigh - q1 * TWO_15;
  // Everything below 2^31 of the full sum; |rest| < 2^48, exact.
  const rest = r1 * 65536 + productLow + nudge;
  const q2 = Math.floor(rest / TWO_31);
  const r2 = rest - q2 * TWO_31;
  // floor((ab + nudge) / 2^31) = q1 + q2 with remainder r2 in [0, 2^31); C truncates
  // toward zero, which differs from floor only for a negative total with a remainder.
  const floorQuotient = q1 + q2;
  const truncated = floorQuotient < 0 && r2 !== 0 ? floorQuotient + 1 : floorQuotient;
  return truncated | 0;
}
