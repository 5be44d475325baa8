/*
 * Integer requantization helpers with TensorFlow Lite's exact semantics (gemmlowp double
 * rounding: a saturating rounding doubling high multiply, then a rounding right shift).
 * Every backend's generated kernels use these, so the rounding lives in one place.
 * Right shifts of negative values are arithmetic, as on every compiler we target.
 */
#ifndef ANVIL_INTERNAL_FIXEDPOINT_H
#define ANVIL_INTERNAL_FIXEDPOINT_H

#include <stdint.h>

#include "anvil/compiler.h"

/* (a * b * 2) / 2^32 rounded to nearest, ties away from zero; the one overflow saturates. */
ANVIL_INLINE int32_t anvil_srdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const int64_t ab = (int64_t)a * (int64_t)b;
  const int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31]. */
ANVIL_INLINE int32_t anvil_rdbpot(int32_t x, int exponent) {
  const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* Adds and subtracts that wrap as two's complement (defined, unlike signed overflow). */
ANVIL_INLINE int32_t anvil_add_wrap(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
ANVIL_INLINE int32_t anvil_sub_wrap(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }

/* x * 2^left with two's-complement wrap, as the int32 multiply in TFLite does in practice. */
ANVIL_INLINE int32_t anvil_shl_wrap(int32_t x, int left) { return (int32_t)((uint32_t)x << left); }

/* MultiplyByQuantizedMultiplier: shift > 0 shifts left before the multiply, < 0 right after. */
ANVIL_INLINE int32_t anvil_mbqm(int32_t x, int32_t multiplier, int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  return anvil_rdbpot(anvil_srdhm(anvil_shl_wrap(x, left), multiplier), right);
}

/* MultiplyByQuantizedMultiplierSmallerThanOneExp: shift <= 0. */
ANVIL_INLINE int32_t anvil_mbqm_lt1(int32_t x, int32_t multiplier, int shift) {
  return anvil_rdbpot(anvil_srdhm(x, multiplier), -shift);
}

/* MultiplyByQuantizedMultiplierGreaterThanOne: left_shift >= 0. */
ANVIL_INLINE int32_t anvil_mbqm_gt1(int32_t x, int32_t multiplier, int left_shift) {
  return anvil_srdhm(anvil_shl_wrap(x, left_shift), multiplier);
}

/*
 * anvil_mbqm with the shift split at compile time (left = max(shift, 0), right = max(-shift, 0))
 * and without branches, for kernels that requantize in their inner loops. Same result for
 * every x when multiplier != INT32_MIN (the one case SRDHM saturates; quantized multipliers
 * are in [2^30, 2^31)): gemmlowp's nudge-and-truncate equals floor((a*b + 2^30) / 2^31) for
 * both signs, and the rounding shift is anvil_rdbpot's.
 */
ANVIL_INLINE int32_t anvil_mbqm_split(int32_t x, int32_t multiplier, int left, int right) {
  const int32_t hi = (int32_t)(((int64_t)anvil_shl_wrap(x, left) * multiplier + ((int64_t)1 << 30)) >> 31);
  const int32_t mask = (int32_t)((1u << right) - 1u);
  const int32_t threshold = (mask >> 1) + (int32_t)((uint32_t)hi >> 31);
  return (hi >> right) + ((hi & mask) > threshold ? 1 : 0);
}

/*
 * anvil_mbqm_split(x, m, 0, right), bit for bit, for m >= 0 and 1 <= right <= 31, in one
 * SMLAL and a few ALU operations instead of its rounding sequence. With P = x·m + 2^30, the
 * split form is RDBPOT(floor(P / 2^31), right): floor((hi + 2^(right-1) - [hi < 0]) / 2^right)
 * with hi = floor(P / 2^31). Nested floors merge: that is floor((P + 2^(30+right) -
 * [hi < 0]·2^31) / 2^(31+right)), all in 64 bits, so nothing can overflow. With m >= 0, hi < 0
 * exactly when x < 0, except x = -1 with hi = 0, where both choices give 0. The addend is
 * j·2^30 with j = 2^right + (x < 0 ? -1 : 1), and right >= 1 makes the shift reach the high word.
 */
ANVIL_INLINE int32_t anvil_mbqm_right(int32_t x, int32_t m, int right) {
  const uint32_t j = (1u << right) + ((uint32_t)(x >> 31) | 1u);
  const int64_t acc = (int64_t)((uint64_t)j << 30) + (int64_t)x * m;
  return (int32_t)(acc >> 32) >> (right - 1);
}

/*
 * TFLite MultiplyByQuantizedMultiplier(int64_t, ...) (kernels/internal/common.h): the
 * multiplier is rounded to 16 bits (capped at 0x7FFF), then one rounding right shift.
 * TFLite guarantees |x| < 2^47, so the product stays below 2^62.
 */
ANVIL_INLINE int32_t anvil_mbqm64(int64_t x, int32_t multiplier, int shift) {
  const int32_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
  const int total = 15 - shift;
  return (int32_t)((x * (int64_t)reduced + ((int64_t)1 << (total - 1))) >> total);
}

/*
 * anvil_mbqm(x, m, 0) for m >= 0: the doubling high multiply alone, floor((x·m + 2^30) / 2^31)
 * (gemmlowp's nudge-and-truncate, as anvil_mbqm_split notes), one SMLAL and a funnel shift.
 * Single-rounding graphs (ONNX) take this form: their multipliers below 0.5 carry no shift.
 */
ANVIL_INLINE int32_t anvil_mbqm_noshift(int32_t x, int32_t m) { return (int32_t)(((int64_t)x * m + ((int64_t)1 << 30)) >> 31); }

ANVIL_INLINE int32_t anvil_clamp(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

#endif
