/*
 * What the scalar RV32 int8 kernels (anvil_conv2d_rv32_s8, anvil_depthwise_conv2d_rv32_s8,
 * anvil_fully_connected_rv32_s8) share: the requantization of one accumulator and the byte
 * copies of their input staging.
 *
 * Accumulators start from a bias with the input offset folded in at compile time (bias +
 * input_offset · Σ w, wrapping), so they equal the reference's int32 sum modulo 2^32, which
 * the requantization only sees. They are int32_t, not uint32_t: GCC reassociates unsigned
 * sums into trees of products whose operands spill; and they stay far from 2^31 for any int8
 * layer whose bias and depth keep the reference's own sum in range.
 * Requantization is anvil_mbqm_split (the shift split into left and right by the generator,
 * exact for every multiplier but INT32_MIN, which the generator refuses), or, when every
 * channel shifts right by 1..31 with a non-negative multiplier (`right_only`, structural),
 * anvil_mbqm_right, which needs a third fewer instructions on RV32 (no 64-bit rounding add).
 */
#ifndef ANVIL_KERNELS_QUANT_RV32_S8_PARAMS_H
#define ANVIL_KERNELS_QUANT_RV32_S8_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"

/*
 * A compiler barrier for loads (no instruction): GCC 12's first scheduling pass hoists the
 * loads of every unrolled tap to the top of a loop, which needs more registers than RV32 has
 * and spills accumulators; fenced, each tap loads just before it multiplies.
 */
#if defined(__GNUC__) && !defined(ANVIL_NO_INLINE_ASM)
#define ANVIL_RV32_LOAD_FENCE() __asm__ volatile("" ::: "memory")
#else
#define ANVIL_RV32_LOAD_FENCE() ((void)0)
#endif

/* One channel's requantization constants, loaded once and reused for every pixel of a tile. */
typedef struct {
  int32_t multiplier, left, right;
} anvil_rv32_s8_quant_t;

ANVIL_INLINE anvil_rv32_s8_quant_t anvil_rv32_s8_quant(const int32_t *multiplier, const uint8_t *left, const uint8_t *right, int32_t q) {
  anvil_rv32_s8_quant_t c;
  c.multiplier = multiplier[q];
  c.left = left[q];
  c.right = right[q];
  return c;
}

ANVIL_INLINE int8_t anvil_rv32_s8_out(int32_t acc, anvil_rv32_s8_quant_t c, int32_t right_only, int32_t output_offset, int32_t act_min,
                                      int32_t act_max) {
  const int32_t v = right_only == 2 ? anvil_mbqm_noshift(acc, c.multiplier)
                    : right_only    ? anvil_mbqm_right(acc, c.multiplier, c.right)
                                    : anvil_mbqm_split(acc, c.multiplier, c.left, c.right);
  return (int8_t)anvil_clamp(v + output_offset, act_min, act_max);
}

/*
 * n bytes from src to dst. The runs are a few channels long (in_c bytes per tap, often 1 to 8),
 * where a library call costs more than the copy; long runs still go to memcpy.
 */
ANVIL_INLINE void anvil_rv32_s8_copy(int8_t *ANVIL_RESTRICT dst, const int8_t *ANVIL_RESTRICT src, int32_t n) {
  int32_t i;
  if (n >= 16) {
    memcpy(dst, src, (size_t)n);
    return;
  }
  for (i = 0; i < n; ++i) dst[i] = src[i];
}

ANVIL_INLINE void anvil_rv32_s8_fill(int8_t *dst, int8_t v, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i) dst[i] = v;
}

#endif
