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
 * pairs instead of splitting bytes. Two rows (or two columns) are interleaved per word:
 * [first even][first odd][second even][second odd], 16 bytes per four K-bytes, so one
 * pointer walks both with one post-indexed LDRD each. Such tables and buffers are 4-byte
 * aligned (LDRD needs it).
 */

/* Aligned words of any type (may_alias keeps the access defined for int16_t tables and buffers). */
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

/*
 * Walking an interleaved pair: _first loads the first operand's two words at p and advances p
 * by 8 entries (the pair), _second the second operand's two words just behind the new p. GCC
 * splits a 64-bit load it only uses in halves into two LDRs and never post-indexes; this is
 * half the loads and no add. Two calls rather than one, so the second load can wait until the
 * first pair is used (fewer live registers).
 */
ANVIL_INLINE const int16_t *anvil_dsp_ld_first(const int16_t *p, int16x2_t *a, int16x2_t *b) {
#if defined(__GNUC__) && !defined(ANVIL_NO_INLINE_ASM) && defined(__OPTIMIZE__)
  uint32_t w0, w1;
  /* The "m" operand names the 16 bytes read, so stores before it stay before it. */
  __asm__("ldrd %0, %1, [%2], #16" : "=r"(w0), "=r"(w1), "+r"(p) : "m"(*(const int16_t(*)[8])p));
  *a = (int16x2_t)w0;
  *b = (int16x2_t)w1;
  return p;
#else
  *a = (int16x2_t)anvil_rd32a(p);
  *b = (int16x2_t)anvil_rd32a(p + 2);
  return p + 8;
#endif
}

ANVIL_INLINE void anvil_dsp_ld_second(const int16_t *p, int16x2_t *c, int16x2_t *d) {
#if defined(__GNUC__) && !defined(ANVIL_NO_INLINE_ASM) && defined(__OPTIMIZE__)
  uint32_t w2, w3;
  __asm__("ldrd %0, %1, [%2, #-8]" : "=r"(w2), "=r"(w3) : "r"(p), "m"(*(const int16_t(*)[4])(p - 4)));
  *c = (int16x2_t)w2;
  *d = (int16x2_t)w3;
#else
  *c = (int16x2_t)anvil_rd32a(p - 4);
  *d = (int16x2_t)anvil_rd32a(p - 2);
#endif
}

/*
 * Two columns of 4·n4 bytes (x and y) pre-extended and interleaved at dst (4-byte aligned),
 * 8 int16 per four bytes of each.
 */
ANVIL_INLINE void anvil_dsp_widen_pairs2(const int8_t *x, const int8_t *y, int16_t *dst, int n4) {
  int i;
  for (i = 0; i < n4; ++i) {
    const uint32_t u = anvil_rd32(x + 4 * i), v = anvil_rd32(y + 4 * i);
    const int16x2_t ue = anvil_even16(u), uo = anvil_odd16(u), ve = anvil_even16(v), vo = anvil_odd16(v);
    memcpy(dst, &ue, 4);
    memcpy(dst + 2, &uo, 4);
    memcpy(dst + 4, &ve, 4);
    memcpy(dst + 6, &vo, 4);
    dst += 8;
  }
}

/* a += f_even · x_even + f_odd · x_odd, b likewise with y: one row's pair of words against two columns. */
#define ANVIL_DSP_ROW_2(fe, fo, xe, xo, ye, yo, a, b) \
  do {                                              \
    (a) = __smlad((fe), (xe), (a));                 \
    (b) = __smlad((fe), (ye), (b));                 \
    (a) = __smlad((fo), (xo), (a));                 \
    (b) = __smlad((fo), (yo), (b));                 \
  } while (0)

/*
 * anvil_dsp_dot_2x2 with the two rows pre-extended and interleaved at w (see above) and the
 * columns as bytes, the second cstep bytes after the first: only the columns split.
 */
ANVIL_INLINE void anvil_dsp_dot_2x2_wp(const int16_t *w, const int8_t *c, int32_t cstep, int n4, int32_t acc[4]) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int i;
  for (i = 0; i < n4; ++i) {
    const uint32_t x = anvil_rd32(c), y = anvil_rd32(c + cstep);
    const int16x2_t xe = anvil_even16(x), xo = anvil_odd16(x), ye = anvil_even16(y), yo = anvil_odd16(y);
    int16x2_t fe, fo, ge, go;
    w = anvil_dsp_ld_first(w, &fe, &fo);
    ANVIL_DSP_ROW_2(fe, fo, xe, xo, ye, yo, a0, a1);
    anvil_dsp_ld_second(w, &ge, &go);
    ANVIL_DSP_ROW_2(ge, go, xe, xo, ye, yo, a2, a3);
    c += 4;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/* Rows and columns all pre-extended and interleaved (see above): loads and SMLADs only. */
ANVIL_INLINE void anvil_dsp_dot_2x2_pp(const int16_t *w, const int16_t *c, int n4, int32_t acc[4]) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  const int16_t *end = c + 8 * n4;
  while (c != end) {
    int16x2_t xe, xo, ye, yo, fe, fo, ge, go;
    c = anvil_dsp_ld_first(c, &xe, &xo);
    anvil_dsp_ld_second(c, &ye, &yo);
    w = anvil_dsp_ld_first(w, &fe, &fo);
    ANVIL_DSP_ROW_2(fe, fo, xe, xo, ye, yo, a0, a1);
    anvil_dsp_ld_second(w, &ge, &go);
    ANVIL_DSP_ROW_2(ge, go, xe, xo, ye, yo, a2, a3);
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

#endif
