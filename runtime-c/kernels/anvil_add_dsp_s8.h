/*
 * anvil_add_dsp_s8: int8 ADD of two tensors of the same number of elements (no broadcasting)
 * with the Armv7E-M DSP extension (SMMLAR, SSAT), bit-exact with TensorFlow Lite's reference
 * kernel (anvil_add_s8).
 *
 * Layouts: x1, x2 and y are `size` int8 elements in the same order, no alignment needed; the
 * inputs may alias each other. Quantization as anvil_add_s8_params_t, within what the generator
 * checks: every multiplier in [0, 2^31), every shift in [-31, 0] (right only), left_shift in
 * [1, 20]. Workspace: none.
 *
 * Each rescale anvil_mbqm_lt1(v, m, -r) is one SMMLAR and one shift. With a = x + offset
 * (|a| <= 255) and t = 2v = a · 2^(left_shift + 1) (|t| < 2^29, no overflow):
 *   - gemmlowp's SRDHM(v, m) = floor((v·m + 2^30) / 2^31) = floor((t·m + 2^31) / 2^32), which is
 *     SMMULR(t, m); it never saturates (v is not INT32_MIN);
 *   - anvil_rdbpot(h, r) = (h + 2^(r-1) - [h < 0]) >> r for r >= 1 (ties away from zero: a
 *     negative h's ties round down, the others up), and h itself for r = 0;
 *   - SMMLAR(t, m, c) = c + SMMULR(t, m) (c·2^32 joins the product before the rounding), so
 *     the rescale is SMMLAR(t, m, 2^(r-1) - [h < 0]) >> r. With m >= 0, h < 0 only where t < 0,
 *     and where t < 0 but h = 0 the -1 still gives (2^(r-1) - 1) >> r = 0: [t < 0] serves;
 *   - an input whose multiplier is 2^30 with shift 0 (the input of the larger scale: TFLite's
 *     ratio is then exactly 1/2) rescales to exactly a · 2^(left_shift - 1): no multiply.
 * The loop keeps twice each rescaled input, T = 2(s1 + s2) (|T| <= 1020 · 2^20 + 4 < 2^30),
 * and rescales the sum the same way: SMMLAR(T, output_multiplier, c) >> r. When r <= 22 the
 * output offset joins c as offset · 2^r (exact: |h + c| stays below 2^31), sparing an add;
 * then SSAT to int8 and the activation's clamp where it is narrower.
 */
#ifndef ANVIL_KERNELS_ADD_DSP_S8_H
#define ANVIL_KERNELS_ADD_DSP_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_dsp.h"
#include "anvil/status.h"
#include "anvil_add_simd_s8_params.h"

typedef anvil_add_simd_s8_params_t anvil_add_dsp_s8_params_t;

ANVIL_INLINE size_t anvil_add_dsp_s8_workspace_bytes(const anvil_add_dsp_s8_params_t *p) {
  (void)p;
  return 0;
}

/* (c · 2^32 + a · b + 2^31) >> 32, modulo 2^32: SMMLAR, which ACLE has no intrinsic for. */
ANVIL_INLINE int32_t anvil_add_dsp_s8_smmlar(int32_t a, int32_t b, int32_t c) {
#if defined(__GNUC__) || defined(__clang__)
  int32_t r;
  __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(c));
  return r;
#else
  const uint64_t acc = ((uint64_t)(uint32_t)c << 32) + (uint64_t)((int64_t)a * b) + 0x80000000u;
  return (int32_t)(uint32_t)(acc >> 32);
#endif
}

/* The constants of one rescale by (m, -r): the rounding 2^(r-1) and the sign mask (none when r = 0). */
typedef struct {
  int32_t multiplier, right, round, sign;
} anvil_add_dsp_s8_rescale_t;

ANVIL_INLINE anvil_add_dsp_s8_rescale_t anvil_add_dsp_s8_rescale_of(int32_t multiplier, int32_t shift) {
  anvil_add_dsp_s8_rescale_t q;
  q.multiplier = multiplier;
  q.right = -shift;
  q.round = q.right > 0 ? (int32_t)1 << (q.right - 1) : 0;
  q.sign = q.right > 0 ? -1 : 0;
  return q;
}

/* anvil_rdbpot(SRDHM(t / 2, m), r) for t even, |t| < 2^30 (see above), plus what `round` holds past 2^(r-1), over 2^r. */
ANVIL_INLINE int32_t anvil_add_dsp_s8_rescale(int32_t t, anvil_add_dsp_s8_rescale_t q) {
  return anvil_add_dsp_s8_smmlar(t, q.multiplier, q.round + ((t >> 31) & q.sign)) >> q.right;
}

/* Twice one input's element rescaled to the common scale; sh = left_shift, or left_shift + 1 unless exact. */
ANVIL_INLINE int32_t anvil_add_dsp_s8_input(int32_t x, int exact, int32_t sh, int32_t off, anvil_add_dsp_s8_rescale_t q) {
  const int32_t t = off + (int32_t)((uint32_t)x << sh);
  return exact ? t : anvil_add_dsp_s8_rescale(t, q) * 2;
}

#if defined(__GNUC__) || defined(__clang__)
/* Keeps a constant in a register, where ADD can take the other operand shifted, instead of an immediate and an extra instruction. */
#define ANVIL_ADD_DSP_REG(v) __asm__("" : "+r"(v))
#else
#define ANVIL_ADD_DSP_REG(v) ((void)0)
#endif

ANVIL_INLINE anvil_status_t anvil_add_dsp_s8_body(const anvil_add_dsp_s8_params_t *p, const int8_t *x1, const int8_t *x2,
                                                  int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t L = p->left_shift;
  anvil_add_dsp_s8_rescale_t q1 = anvil_add_dsp_s8_rescale_of(p->input1_multiplier, p->input1_shift);
  anvil_add_dsp_s8_rescale_t q2 = anvil_add_dsp_s8_rescale_of(p->input2_multiplier, p->input2_shift);
  anvil_add_dsp_s8_rescale_t qo = anvil_add_dsp_s8_rescale_of(p->output_multiplier, p->output_shift);
  const int exact1 = q1.multiplier == ((int32_t)1 << 30) && q1.right == 0, exact2 = q2.multiplier == ((int32_t)1 << 30) && q2.right == 0;
  const int32_t sh1 = exact1 ? L : L + 1, sh2 = exact2 ? L : L + 1;
  int32_t off1 = (int32_t)((uint32_t)p->input1_offset << sh1), off2 = (int32_t)((uint32_t)p->input2_offset << sh2);
  const int fold = qo.right <= 22;
  const int32_t out_after = fold ? 0 : p->output_offset;
  const int32_t act_min = p->act_min, act_max = p->act_max;
  int32_t n = p->size;
  (void)workspace;
  /* The output offset joins the rounding constant (see above). */
  if (fold) qo.round += (int32_t)((uint32_t)p->output_offset << qo.right);
  ANVIL_ADD_DSP_REG(off1);
  ANVIL_ADD_DSP_REG(off2);
  if (!exact1) ANVIL_ADD_DSP_REG(q1.round);
  if (!exact2) ANVIL_ADD_DSP_REG(q2.round);
  ANVIL_ADD_DSP_REG(qo.round);
#define ANVIL_ADD_DSP_ONE(k)                                                                                                \
  do {                                                                                                                      \
    const int32_t t_ = anvil_add_dsp_s8_input(x1[k], exact1, sh1, off1, q1) + anvil_add_dsp_s8_input(x2[k], exact2, sh2, off2, q2); \
    int32_t v_ = __ssat(anvil_add_dsp_s8_rescale(t_, qo) + out_after, 8);                                                \
    /* SSAT already clamps to the int8 range; a constant activation inside it adds the rest. */                             \
    if (act_min > -128) v_ = v_ < act_min ? act_min : v_;                                                                   \
    if (act_max < 127) v_ = v_ > act_max ? act_max : v_;                                                                    \
    y[k] = (int8_t)v_;                                                                                                      \
  } while (0)
  for (; n >= 4; n -= 4) {
    ANVIL_ADD_DSP_ONE(0);
    ANVIL_ADD_DSP_ONE(1);
    ANVIL_ADD_DSP_ONE(2);
    ANVIL_ADD_DSP_ONE(3);
    x1 += 4;
    x2 += 4;
    y += 4;
  }
  for (; n > 0; --n) {
    ANVIL_ADD_DSP_ONE(0);
    ++x1;
    ++x2;
    ++y;
  }
#undef ANVIL_ADD_DSP_ONE
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_add_dsp_s8.c), shared by every node that calls it. */
anvil_status_t anvil_add_dsp_s8(const anvil_add_dsp_s8_params_t *params, const int8_t *x1, const int8_t *x2, int8_t *y, void *workspace);

#endif
