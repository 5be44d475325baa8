/*
 * Building blocks for the Cortex-M55 Helium (MVE) kernels: int8 dot products with VMLADAVA
 * (16 multiply-accumulates into a scalar per instruction) and tails by predicated, zeroing
 * loads, which never touch the masked bytes. Exact integer arithmetic, and one four-lane
 * requantization that rounds exactly as fixedpoint.h's anvil_mbqm.
 */
#ifndef ANVIL_INTERNAL_ARM_MVE_H
#define ANVIL_INTERNAL_ARM_MVE_H

#include <arm_mve.h>
#include <stdint.h>

#include "anvil/compiler.h"

#if !defined(__ARM_FEATURE_MVE)
#error "anvil/internal/arm_mve.h needs Helium (e.g. -mcpu=cortex-m55)"
#endif

/*
 * acc[0] = w0·c0, acc[1] = w0·c1, acc[2] = w1·c0, acc[3] = w1·c1 over n bytes (any n).
 * The pointers step themselves (rather than one shared index) so that every load is a
 * post-incrementing VLDRB and the loop is four loads, four VMLADAVAs and LE.
 */
ANVIL_INLINE void anvil_mve_dot_2x2(const int8_t *w0, const int8_t *w1, const int8_t *c0, const int8_t *c1, int n, int32_t acc[4]) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int i;
  for (i = n; i >= 16; i -= 16) {
    const int8x16_t x = vldrbq_s8(c0), y = vldrbq_s8(c1), u = vldrbq_s8(w0), v = vldrbq_s8(w1);
    a0 = vmladavaq_s8(a0, u, x);
    a1 = vmladavaq_s8(a1, u, y);
    a2 = vmladavaq_s8(a2, v, x);
    a3 = vmladavaq_s8(a3, v, y);
    c0 += 16;
    c1 += 16;
    w0 += 16;
    w1 += 16;
  }
  if (i > 0) {
    const mve_pred16_t p = vctp8q((uint32_t)i);
    const int8x16_t x = vldrbq_z_s8(c0, p), y = vldrbq_z_s8(c1, p), u = vldrbq_z_s8(w0, p), v = vldrbq_z_s8(w1, p);
    a0 = vmladavaq_s8(a0, u, x);
    a1 = vmladavaq_s8(a1, u, y);
    a2 = vmladavaq_s8(a2, v, x);
    a3 = vmladavaq_s8(a3, v, y);
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/* Four rows against one column (fully connected): acc[r] += w[r] · x over n bytes. */
ANVIL_INLINE void anvil_mve_dot_4x1(const int8_t *const w[4], const int8_t *x, int n, int32_t acc[4]) {
  const int8_t *w0 = w[0], *w1 = w[1], *w2 = w[2], *w3 = w[3];
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int i;
  for (i = n; i >= 16; i -= 16) {
    const int8x16_t xv = vldrbq_s8(x);
    a0 = vmladavaq_s8(a0, vldrbq_s8(w0), xv);
    a1 = vmladavaq_s8(a1, vldrbq_s8(w1), xv);
    a2 = vmladavaq_s8(a2, vldrbq_s8(w2), xv);
    a3 = vmladavaq_s8(a3, vldrbq_s8(w3), xv);
    x += 16;
    w0 += 16;
    w1 += 16;
    w2 += 16;
    w3 += 16;
  }
  if (i > 0) {
    const mve_pred16_t p = vctp8q((uint32_t)i);
    const int8x16_t xv = vldrbq_z_s8(x, p);
    a0 = vmladavaq_s8(a0, vldrbq_z_s8(w0, p), xv);
    a1 = vmladavaq_s8(a1, vldrbq_z_s8(w1, p), xv);
    a2 = vmladavaq_s8(a2, vldrbq_z_s8(w2, p), xv);
    a3 = vmladavaq_s8(a3, vldrbq_z_s8(w3, p), xv);
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/*
 * anvil_mbqm on four lanes, then the output offset and the clamp. VQRDMULH is exactly
 * gemmlowp's saturating rounding doubling high multiply (floor((2ab + 2^31) / 2^32), with the
 * same single saturation). VRSHL rounds ties up; subtracting 1 from negative values first
 * (saturating, so INT32_MIN stays exact) turns that into anvil_rdbpot's ties away from zero.
 * neg_right is minus the right shift (0 when the shift is to the left).
 */
ANVIL_INLINE int32x4_t anvil_mve_requant(int32x4_t acc, int32x4_t mult, int32x4_t left, int32x4_t neg_right, int32_t out_offset, int32_t lo,
                                         int32_t hi) {
  const int32x4_t h = vqrdmulhq_s32(vshlq_s32(acc, left), mult);
  const int32x4_t fix = vshrq_n_s32(vandq_s32(h, neg_right), 31);
  const int32x4_t r = vrshlq_s32(vqaddq_s32(h, fix), neg_right);
  return vminq_s32(vmaxq_s32(vaddq_n_s32(r, out_offset), vdupq_n_s32(lo)), vdupq_n_s32(hi));
}

#endif
