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
 * Four filter rows against two columns of n bytes (any n): lane r of *s0 is row r · c0, of *s1
 * row r · c1. The rows come interleaved (anvil_conv2d_mve_s8.h): each 16-byte block of rows
 * 0..3 in turn, then their n % 16 tail bytes one row after another. Returns w past the
 * rows. One weight pointer with immediate offsets and two column pointers leave the eight
 * sums in registers; six loads feed eight VMLADAVAs, against four for four in a 2×2 block.
 *
 * With GCC (optimising) the whole product is one asm statement: VMLADAVA accumulates only
 * into even registers, and left to GCC the eight sums (which take all eight, r14 included)
 * were shuffled and spilled around its loop counter in r14: 22 instructions a pass instead of
 * 16. Here the sums sit in fixed even registers the statement clobbers, one odd register
 * counts the bytes down, the first block starts the sums (VMLADAV) instead of clearing them,
 * and two-lane VMOVs pack them. That leaves GCC four registers to find for the pointers and
 * the count. Where it may not find them, the intrinsics are used instead: without
 * optimisation (every value in memory), at -Os (which keeps a frame pointer on request), and
 * when the build defines ANVIL_NO_INLINE_ASM, which a build reserving more registers (e.g.
 * -fno-omit-frame-pointer with -ffixed-r9) must do: gcc then says "impossible constraints".
 */
#if defined(__GNUC__) && !defined(__clang__) && defined(__OPTIMIZE__) && !defined(__OPTIMIZE_SIZE__) && !defined(ANVIL_NO_INLINE_ASM)
#define ANVIL_MVE_ASM 1
#else
#define ANVIL_MVE_ASM 0
#endif
#define ANVIL_MVE_4X2_BLOCK(op)                                                                                                            \
  "vldrb.8 q0, [%[c0]], #16\n\t"                                                                                                           \
  "vldrb.8 q1, [%[c1]], #16\n\t"                                                                                                           \
  "vldrb.8 q2, [%[w], #16]\n\t" op " r4, q2, q0\n\t" op " r6, q2, q1\n\t"                                                           \
  "vldrb.8 q3, [%[w], #32]\n\t" op " r8, q3, q0\n\t" op " r10, q3, q1\n\t"                                                           \
  "vldrb.8 q2, [%[w], #48]\n\t" op " r12, q2, q0\n\t" op " lr, q2, q1\n\t"                                                           \
  "vldrb.8 q3, [%[w]], #64\n\t" op " r0, q3, q0\n\t" op " r2, q3, q1\n\t"
/* The last m bytes (0 < m < 16) of each row, predicated: zeroed lanes add nothing. */
#define ANVIL_MVE_4X2_TAIL(op)                                                                                                             \
  "vctp.8 %[m]\n\t"                                                                                                                        \
  "vpsttt\n\t"                                                                                                                             \
  "vldrbt.8 q0, [%[c0]]\n\t"                                                                                                               \
  "vldrbt.8 q1, [%[c1]]\n\t"                                                                                                               \
  "vldrbt.8 q2, [%[w]]\n\t"                                                                                                                \
  "adds %[w], %[w], %[m]\n\t" op " r0, q2, q0\n\t" op " r2, q2, q1\n\t"                                                             \
  "vpst\n\t"                                                                                                                               \
  "vldrbt.8 q3, [%[w]]\n\t"                                                                                                                \
  "adds %[w], %[w], %[m]\n\t" op " r4, q3, q0\n\t" op " r6, q3, q1\n\t"                                                             \
  "vpst\n\t"                                                                                                                               \
  "vldrbt.8 q2, [%[w]]\n\t"                                                                                                                \
  "adds %[w], %[w], %[m]\n\t" op " r8, q2, q0\n\t" op " r10, q2, q1\n\t"                                                             \
  "vpst\n\t"                                                                                                                               \
  "vldrbt.8 q3, [%[w]]\n\t"                                                                                                                \
  "adds %[w], %[w], %[m]\n\t" op " r12, q3, q0\n\t" op " lr, q3, q1\n\t"
#define ANVIL_MVE_4X2_PACK                                                                                                                 \
  "vmov %q[s0][2], %q[s0][0], r0, r8\n\t"                                                                                            \
  "vmov %q[s0][3], %q[s0][1], r4, r12\n\t"                                                                                            \
  "vmov %q[s1][2], %q[s1][0], r2, r10\n\t"                                                                                            \
  "vmov %q[s1][3], %q[s1][1], r6, lr"
#define ANVIL_MVE_4X2_OPERANDS                                                                                                             \
  [s0] "=&w"(*s0), [s1] "=&w"(*s1), [w] "+r"(w), [c0] "+r"(c0), [c1] "+r"(c1), [m] "+r"(m)                                               \
      :                                                                                                                                    \
      : "r0", "r2", "r4", "r6", "r8", "r10", "r12", "lr", "q0", "q1", "q2", "q3", "p0", "memory", "cc"

ANVIL_INLINE const int8_t *anvil_mve_dot_4x2(const int8_t *w, const int8_t *c0, const int8_t *c1, int n, int32x4_t *s0, int32x4_t *s1) {
#if ANVIL_MVE_ASM
  int m = n - 16;
  if (n >= 16)
    /* m counts down what is left after the block in hand; 16 + m is the tail at the end. */
    __asm__(ANVIL_MVE_4X2_BLOCK("vmladav.s8") "subs %[m], %[m], #16\n\t"
                                              "blt 2f\n"
                                              "1:\n\t" ANVIL_MVE_4X2_BLOCK("vmladava.s8") "subs %[m], %[m], #16\n\t"
                                                                                          "bge 1b\n"
                                                                                          "2:\n\t"
                                                                                          "adds %[m], %[m], #16\n\t"
                                                                                          "beq 3f\n\t" ANVIL_MVE_4X2_TAIL(
                                                                                              "vmladava.s8") "3:\n\t" ANVIL_MVE_4X2_PACK
            : ANVIL_MVE_4X2_OPERANDS);
  else {
    m = n;
    __asm__(ANVIL_MVE_4X2_TAIL("vmladav.s8") ANVIL_MVE_4X2_PACK : ANVIL_MVE_4X2_OPERANDS);
  }
#else
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
  int i;
  for (i = n; i >= 16; i -= 16) {
    const int8x16_t x = vldrbq_s8(c0), y = vldrbq_s8(c1);
    const int8x16_t u0 = vldrbq_s8(w), u1 = vldrbq_s8(w + 16), u2 = vldrbq_s8(w + 32), u3 = vldrbq_s8(w + 48);
    a0 = vmladavaq_s8(a0, u0, x);
    b0 = vmladavaq_s8(b0, u0, y);
    a1 = vmladavaq_s8(a1, u1, x);
    b1 = vmladavaq_s8(b1, u1, y);
    a2 = vmladavaq_s8(a2, u2, x);
    b2 = vmladavaq_s8(b2, u2, y);
    a3 = vmladavaq_s8(a3, u3, x);
    b3 = vmladavaq_s8(b3, u3, y);
    c0 += 16;
    c1 += 16;
    w += 64;
  }
  if (i > 0) {
    const mve_pred16_t p = vctp8q((uint32_t)i);
    const int8x16_t x = vldrbq_z_s8(c0, p), y = vldrbq_z_s8(c1, p);
    const int8x16_t u0 = vldrbq_z_s8(w, p), u1 = vldrbq_z_s8(w + i, p), u2 = vldrbq_z_s8(w + 2 * i, p), u3 = vldrbq_z_s8(w + 3 * i, p);
    a0 = vmladavaq_s8(a0, u0, x);
    b0 = vmladavaq_s8(b0, u0, y);
    a1 = vmladavaq_s8(a1, u1, x);
    b1 = vmladavaq_s8(b1, u1, y);
    a2 = vmladavaq_s8(a2, u2, x);
    b2 = vmladavaq_s8(b2, u2, y);
    a3 = vmladavaq_s8(a3, u3, x);
    b3 = vmladavaq_s8(b3, u3, y);
  }
  *s0 = vsetq_lane_s32(a3, vsetq_lane_s32(a2, vsetq_lane_s32(a1, vdupq_n_s32(a0), 1), 2), 3);
  *s1 = vsetq_lane_s32(b3, vsetq_lane_s32(b2, vsetq_lane_s32(b1, vdupq_n_s32(b0), 1), 2), 3);
  w += 4 * i;
#endif
  return w;
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

/*
 * anvil_mve_requant when every lane shifts right (neg_right < 0) and none left: the fix is
 * then just the sign, the same arithmetic in two fewer instructions.
 */
ANVIL_INLINE int32x4_t anvil_mve_requant_right(int32x4_t acc, int32x4_t mult, int32x4_t neg_right, int32_t out_offset, int32_t lo, int32_t hi) {
  const int32x4_t h = vqrdmulhq_s32(acc, mult);
  const int32x4_t r = vrshlq_s32(vqaddq_s32(h, vshrq_n_s32(h, 31)), neg_right);
  return vminq_s32(vmaxq_s32(vaddq_n_s32(r, out_offset), vdupq_n_s32(lo)), vdupq_n_s32(hi));
}

/*
 * anvil_mve_requant when no lane shifts at all (single-rounding graphs' small multipliers, see
 * anvil_mbqm_noshift): VQRDMULH alone is anvil_mbqm, so neither the shifts nor the fix remain.
 */
ANVIL_INLINE int32x4_t anvil_mve_requant_none(int32x4_t acc, int32x4_t mult, int32_t out_offset, int32_t lo, int32_t hi) {
  return vminq_s32(vmaxq_s32(vaddq_n_s32(vqrdmulhq_s32(acc, mult), out_offset), vdupq_n_s32(lo)), vdupq_n_s32(hi));
}

#endif
