/*
 * Building blocks for the Cortex-M DSP-extension kernels (Armv7E-M / Armv8-M Mainline with
 * DSP): int8 dot products with SXTB16 + SMLAD, two lanes of 16 bits per instruction. Only
 * exact integer arithmetic here; requantization stays in fixedpoint.h so every backend rounds
 * the same way.
 */
#ifndef ANVIL_INTERNAL_ARM_DSP_H
#define ANVIL_INTERNAL_ARM_DSP_H

#include <arm_acle.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"

#if !defined(__ARM_FEATURE_DSP)
#error "anvil/internal/arm_dsp.h needs the DSP extension (e.g. -mcpu=cortex-m4)"
#endif

/* A 32-bit load from any address: memcpy keeps it defined C, GCC emits one LDR. */
ANVIL_INLINE uint32_t anvil_rd32(const int8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

/* Bytes 0 and 2 of w, sign-extended to the two halves. */
ANVIL_INLINE int16x2_t anvil_even16(uint32_t w) { return __sxtb16(w); }

/*
 * Bytes 1 and 3 of w, sign-extended to the two halves: one SXTB16 with ROR #8. GCC's
 * __sxtb16 builtin never folds a rotate into the instruction (it emits ROR, then SXTB16), so
 * GCC and clang get it spelled out.
 */
#if defined(__GNUC__) || defined(__clang__)
ANVIL_INLINE int16x2_t anvil_odd16(uint32_t w) {
  int16x2_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(w));
  return r;
}
#else
ANVIL_INLINE int16x2_t anvil_odd16(uint32_t w) { return __sxtb16((w >> 8) | (w << 24)); }
#endif

/*
 * Four int8 dot products of length 4*n4: rows w0, w1 against columns c0, c1, accumulated
 * into acc[0] = w0·c0, acc[1] = w0·c1, acc[2] = w1·c0, acc[3] = w1·c1. Each word of four
 * bytes is split into its even and odd bytes; pairing evens with evens keeps the sum exact.
 */
ANVIL_INLINE void anvil_dsp_dot_2x2(const int8_t *w0, const int8_t *w1, const int8_t *c0, const int8_t *c1, int n4, int32_t acc[4]) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int i;
  for (i = 0; i < n4; ++i) {
    const uint32_t x = anvil_rd32(c0), y = anvil_rd32(c1), u = anvil_rd32(w0), v = anvil_rd32(w1);
    const int16x2_t xe = anvil_even16(x), xo = anvil_odd16(x), ye = anvil_even16(y), yo = anvil_odd16(y);
    const int16x2_t ue = anvil_even16(u), uo = anvil_odd16(u), ve = anvil_even16(v), vo = anvil_odd16(v);
    a0 = __smlad(ue, xe, a0);
    a0 = __smlad(uo, xo, a0);
    a1 = __smlad(ue, ye, a1);
    a1 = __smlad(uo, yo, a1);
    a2 = __smlad(ve, xe, a2);
    a2 = __smlad(vo, xo, a2);
    a3 = __smlad(ve, ye, a3);
    a3 = __smlad(vo, yo, a3);
    c0 += 4;
    c1 += 4;
    w0 += 4;
    w1 += 4;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/* Four rows against one column (fully connected): acc[r] += w_r · x over 4*n4 bytes. */
ANVIL_INLINE void anvil_dsp_dot_4x1(const int8_t *const w[4], const int8_t *x, int n4, int32_t acc[4]) {
  const int8_t *w0 = w[0], *w1 = w[1], *w2 = w[2], *w3 = w[3];
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int i;
  for (i = 0; i < n4; ++i) {
    const uint32_t xv = anvil_rd32(x);
    const int16x2_t xe = anvil_even16(xv), xo = anvil_odd16(xv);
    uint32_t u = anvil_rd32(w0);
    a0 = __smlad(anvil_odd16(u), xo, __smlad(anvil_even16(u), xe, a0));
    u = anvil_rd32(w1);
    a1 = __smlad(anvil_odd16(u), xo, __smlad(anvil_even16(u), xe, a1));
    u = anvil_rd32(w2);
    a2 = __smlad(anvil_odd16(u), xo, __smlad(anvil_even16(u), xe, a2));
    u = anvil_rd32(w3);
    a3 = __smlad(anvil_odd16(u), xo, __smlad(anvil_even16(u), xe, a3));
    x += 4;
    w0 += 4;
    w1 += 4;
    w2 += 4;
    w3 += 4;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/* One row against one column. */
ANVIL_INLINE int32_t anvil_dsp_dot_1x1(const int8_t *w, const int8_t *x, int n4, int32_t acc) {
  int i;
  for (i = 0; i < n4; ++i) {
    const uint32_t xv = anvil_rd32(x), u = anvil_rd32(w);
    acc = __smlad(anvil_odd16(u), anvil_odd16(xv), __smlad(anvil_even16(u), anvil_even16(xv), acc));
    x += 4;
    w += 4;
  }
  return acc;
}

/*
 * Pre-extended operands (the `pairs` layouts of anvil_conv2d_dsp_s8): per word of four int8
 * bytes, two words [anvil_even16(w)][anvil_odd16(w)], so a dot product loads its halfword
 * pairs instead of splitting bytes. Such tables and buffers are 4-byte aligned.
 */

/*
 * Aligned words of any type (may_alias keeps the access defined for int16_t tables and
 * buffers), which GCC pairs into LDRD; other compilers get memcpy.
 */
#if defined(__GNUC__) || defined(__clang__)
typedef uint32_t __attribute__((may_alias, aligned(4))) anvil_u32_alias_t;
ANVIL_INLINE uint32_t anvil_rd32a(const void *p) { return *(const anvil_u32_alias_t *)p; }
#else
ANVIL_INLINE uint32_t anvil_rd32a(const void *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
#endif

/* Words 0 and 1 at p (4-byte aligned), as halfword pairs. */
ANVIL_INLINE void anvil_rd2x32a(const void *p, int16x2_t *lo, int16x2_t *hi) {
  *lo = (int16x2_t)anvil_rd32a(p);
  *hi = (int16x2_t)anvil_rd32a((const uint32_t *)p + 1);
}

/*
 * The first 4*n4 bytes of src as n4 pairs of words [even16][odd16] at dst (4-byte aligned);
 * dst may overlap src from below as long as dst + 8i never passes src + 4i + 4 (extending a
 * buffer in place from its upper half).
 */
ANVIL_INLINE void anvil_dsp_widen_pairs(const int8_t *src, void *dst, int n4) {
  uint32_t *d = (uint32_t *)dst;
  int i;
  for (i = 0; i < n4; ++i) {
    const uint32_t w = anvil_rd32(src);
    const int16x2_t e = anvil_even16(w), o = anvil_odd16(w);
    memcpy(d, &e, 4);
    memcpy(d + 1, &o, 4);
    src += 4;
    d += 2;
  }
}

/*
 * anvil_dsp_dot_2x2 with the rows pre-extended ([even16][odd16] word pairs, 4-byte aligned):
 * row 0 at w, row 1 at w + wstep (int16 entries), column 0 at c, column 1 at c + cstep (bytes).
 * Two loads per row and word of four bytes, and only the columns split. One pointer per
 * operand and offsets for the second (immediates once specialised) keep the loop in registers.
 */
ANVIL_INLINE void anvil_dsp_dot_2x2_wp(const int16_t *w, int32_t wstep, const int8_t *c, int32_t cstep, int n4, int32_t acc[4]) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  const int8_t *end = c + 4 * n4;
  while (c != end) {
    const uint32_t x = anvil_rd32(c), y = anvil_rd32(c + cstep);
    const int16x2_t xe = anvil_even16(x), xo = anvil_odd16(x), ye = anvil_even16(y), yo = anvil_odd16(y);
    int16x2_t fe, fo;
    anvil_rd2x32a(w, &fe, &fo);
    a0 = __smlad(fe, xe, a0);
    a1 = __smlad(fe, ye, a1);
    a0 = __smlad(fo, xo, a0);
    a1 = __smlad(fo, yo, a1);
    anvil_rd2x32a(w + wstep, &fe, &fo);
    a2 = __smlad(fe, xe, a2);
    a3 = __smlad(fe, ye, a3);
    a2 = __smlad(fo, xo, a2);
    a3 = __smlad(fo, yo, a3);
    c += 4;
    w += 4;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/* Rows and columns all pre-extended (4-byte aligned; both steps in int16 entries): loads and SMLADs only. */
ANVIL_INLINE void anvil_dsp_dot_2x2_pp(const int16_t *w, int32_t wstep, const int16_t *c, int32_t cstep, int n4, int32_t acc[4]) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  const int16_t *end = c + 4 * n4;
  while (c != end) {
    int16x2_t xe, xo, ye, yo, fe, fo;
    anvil_rd2x32a(c, &xe, &xo);
    anvil_rd2x32a(c + cstep, &ye, &yo);
    anvil_rd2x32a(w, &fe, &fo);
    a0 = __smlad(fe, xe, a0);
    a1 = __smlad(fe, ye, a1);
    a0 = __smlad(fo, xo, a0);
    a1 = __smlad(fo, yo, a1);
    anvil_rd2x32a(w + wstep, &fe, &fo);
    a2 = __smlad(fe, xe, a2);
    a3 = __smlad(fe, ye, a3);
    a2 = __smlad(fo, xo, a2);
    a3 = __smlad(fo, yo, a3);
    c += 4;
    w += 4;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

#endif
