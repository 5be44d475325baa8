/*
 * The fixed-point transcendental functions TensorFlow Lite's int8 softmax and logistic use
 * (gemmlowp's exp_on_negative_values, one_over_one_plus_x_for_x_in_0_1, logistic, and
 * TFLite's GetReciprocal), on raw int32 values. Wrapping adds go through uint32 so that the
 * wrap gemmlowp's plain adds rely on is defined behaviour here.
 */
#ifndef ANVIL_INTERNAL_GEMMLOWP_H
#define ANVIL_INTERNAL_GEMMLOWP_H

#include <stdint.h>

#include "anvil/internal/fixedpoint.h"

/* SaturatingRoundingMultiplyByPOT: saturating left shift, or rounding right shift. */
ANVIL_INLINE int32_t anvil_srmbpot(int32_t x, int exponent) {
  if (exponent == 0) return x;
  if (exponent < 0) return anvil_rdbpot(x, -exponent);
  {
    const int32_t threshold = (int32_t)(((int64_t)1 << (31 - exponent)) - 1);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return anvil_shl_wrap(x, exponent);
  }
}

/* RoundingHalfSum: (a + b) / 2, halves away from zero. */
ANVIL_INLINE int32_t anvil_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + (int64_t)b;
  return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/* exp(a) for a in [-1/4, 0), Q0.31 in and out: 4th-order Taylor series around -1/8. */
ANVIL_INLINE int32_t anvil_exp_quarter(int32_t a) {
  const int32_t exp_minus_one_eighth = 1895147668;
  const int32_t one_third = 715827883;
  const int32_t x = anvil_add_wrap(a, 1 << 28);
  const int32_t x2 = anvil_srdhm(x, x);
  const int32_t x3 = anvil_srdhm(x2, x);
  const int32_t x4 = anvil_srdhm(x2, x2);
  const int32_t x4_over_4 = anvil_rdbpot(x4, 2);
  const int32_t poly = anvil_rdbpot(anvil_add_wrap(anvil_srdhm(anvil_add_wrap(x4_over_4, x3), one_third), x2), 1);
  return anvil_add_wrap(exp_minus_one_eighth, anvil_srdhm(exp_minus_one_eighth, anvil_add_wrap(x, poly)));
}

/* exp(a) in Q0.31 for a <= 0 given with `integer_bits` integer bits. */
ANVIL_INLINE int32_t anvil_exp_on_negative_values(int32_t a, int integer_bits) {
  static const int32_t barrel[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  const int fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
  const int32_t mask = one_quarter - 1;
  const int32_t a_mod_quarter_minus_one_quarter = anvil_sub_wrap(a & mask, one_quarter);
  int32_t result = anvil_exp_quarter(anvil_srmbpot(a_mod_quarter_minus_one_quarter, integer_bits));
  const int32_t remainder = anvil_sub_wrap(a_mod_quarter_minus_one_quarter, a);
  int exponent;
  for (exponent = -2; exponent <= 4; ++exponent) {
    if (integer_bits > exponent && (remainder & ((int32_t)1 << (fractional_bits + exponent))) != 0) {
      result = anvil_srdhm(result, barrel[exponent + 2]);
    }
  }
  if (integer_bits > 5) {
    const int32_t clamp = -((int32_t)1 << (36 - integer_bits));
    if (a < clamp) result = 0;
  }
  return a == 0 ? INT32_MAX : result;
}

/* 1 / (1 + a) for a in [0, 1), Q0.31: Newton-Raphson on the half denominator in Q2.29. */
ANVIL_INLINE int32_t anvil_one_over_one_plus_x(int32_t a) {
  const int32_t half_denominator = anvil_rounding_half_sum(a, INT32_MAX);
  int32_t x = anvil_add_wrap(1515870810, anvil_srdhm(half_denominator, -1010580540));
  int i;
  for (i = 0; i < 3; ++i) {
    const int32_t one_minus = anvil_sub_wrap((int32_t)1 << 29, anvil_srdhm(half_denominator, x));
    x = anvil_add_wrap(x, anvil_srmbpot(anvil_srdhm(x, one_minus), 2));
  }
  return anvil_srmbpot(x, 1);
}

/* (1 - a) / (1 + a) for a in [0, 1), Q0.31: the same Newton-Raphson as anvil_one_over_one_plus_x
 * (x ends as 2 / (1 + a) in Q2.29), then x - 1 back to Q0.31, saturating. */
ANVIL_INLINE int32_t anvil_one_minus_x_over_one_plus_x(int32_t a) {
  const int32_t half_denominator = anvil_rounding_half_sum(a, INT32_MAX);
  int32_t x = anvil_add_wrap(1515870810, anvil_srdhm(half_denominator, -1010580540));
  int i;
  for (i = 0; i < 3; ++i) {
    const int32_t one_minus = anvil_sub_wrap((int32_t)1 << 29, anvil_srdhm(half_denominator, x));
    x = anvil_add_wrap(x, anvil_srmbpot(anvil_srdhm(x, one_minus), 2));
  }
  return anvil_srmbpot(anvil_sub_wrap(x, (int32_t)1 << 29), 2);
}

/* GetReciprocal: 1 / x for positive x with `integer_digits` integer bits, as a Q0.31 scale
 * plus the number of bits of x above one (the caller shifts right by that much more). */
ANVIL_INLINE int32_t anvil_reciprocal(int32_t x, int integer_digits, int *num_bits_over_unit) {
  int headroom_plus_one = 0;
  uint32_t ux = (uint32_t)x;
  while (headroom_plus_one < 32 && (ux & 0x80000000u) == 0) {
    ux <<= 1;
    ++headroom_plus_one;
  }
  *num_bits_over_unit = integer_digits - headroom_plus_one;
  return anvil_one_over_one_plus_x((int32_t)(ux - 0x80000000u));
}

/* gemmlowp logistic for a value with `integer_bits` integer bits; result in Q0.31. */
ANVIL_INLINE int32_t anvil_logistic_q(int32_t a, int integer_bits) {
  if (a == 0) return (int32_t)1 << 30;
  {
    const int positive = a > 0;
    const int32_t abs_input = positive ? a : anvil_sub_wrap(0, a);
    const int32_t result_if_positive = anvil_one_over_one_plus_x(anvil_exp_on_negative_values(anvil_sub_wrap(0, abs_input), integer_bits));
    return positive ? result_if_positive : anvil_sub_wrap(INT32_MAX, result_if_positive);
  }
}

/* gemmlowp tanh for a value with `integer_bits` integer bits; result in Q0.31. With n = -|a|,
 * (1 - e^(2n)) / (1 + e^(2n)), the exponent read with one more integer bit (2n is n
 * reinterpreted), negated back for negative inputs. */
ANVIL_INLINE int32_t anvil_tanh_q(int32_t a, int integer_bits) {
  if (a == 0) return 0;
  {
    const int negative = a < 0;
    const int32_t n = negative ? a : anvil_sub_wrap(0, a);
    const int32_t t = anvil_one_minus_x_over_one_plus_x(anvil_exp_on_negative_values(n, integer_bits + 1));
    return negative ? anvil_sub_wrap(0, t) : t;
  }
}

#endif
