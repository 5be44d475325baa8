/*
 * anvil_add_mve_s8: int8 ADD of two tensors of the same number of elements (no broadcasting)
 * with Helium, bit-exact with TensorFlow Lite's reference kernel (anvil_add_s8).
 *
 * Layouts: x1, x2 and y are `size` int8 elements in the same order, no alignment needed; the
 * inputs may alias each other. Quantization as anvil_add_s8_params_t, within what the generator
 * checks: every multiplier in [0, 2^31), every shift in [-31, 0] (right only), left_shift in
 * [1, 20]. Workspace: none.
 *
 * Four elements a pass in int32 lanes (VLDRB.S32 widens as it loads, VSTRB.32 narrows as it
 * stores; a low-overhead loop, 16 instructions a pass when specialised for a residual ADD), then
 * the last size % 4 with predicated, zeroing loads and a predicated store. Per lane, with
 * a = x + offset:
 *   - v = a · 2^left_shift, one VMLAS (x times a vector of 2^left_shift plus offset · 2^left_shift);
 *   - each rescale anvil_mbqm_lt1(v, m, shift) is VQRDMLAH(fix, v, m) then VRSHL by shift:
 *     VQRDMLAH adds VQRDMULH's result, exactly gemmlowp's saturating rounding doubling high
 *     multiply h, to fix; VRSHL rounds ties up, and fix = -1 on negative lanes (when shifting
 *     right; 0 when not) makes that anvil_rdbpot's ties away from zero. With m >= 0, h has the
 *     sign of v or is 0, so fix is taken from v: where v < 0 and h = 0, (-1 + 2^(r-1)) >> r is
 *     0 as it should be, and h - 1 never saturates (h >= -m > INT32_MIN);
 *   - an input whose multiplier is 2^30 with shift 0 (the input of the larger scale: TFLite's
 *     ratio is then exactly 1/2) rescales to exactly a · 2^(left_shift - 1) (the product is a
 *     multiple of 2^31 plus the 2^30 of the rounding), one VMLAS in all;
 *   - the sum (|s1 + s2| <= 510 · 2^20 + 2, no overflow) rescales to the output's scale the
 *     same way, then the output offset and the clamp (for the whole int8 range, VQSHL by 24
 *     and VSHR back, which needs no constant vectors), and VSTRB keeps the low byte.
 */
#ifndef ANVIL_KERNELS_ADD_MVE_S8_H
#define ANVIL_KERNELS_ADD_MVE_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_mve.h"
#include "anvil/status.h"
#include "anvil_add_simd_s8_params.h"

typedef anvil_add_simd_s8_params_t anvil_add_mve_s8_params_t;

ANVIL_INLINE size_t anvil_add_mve_s8_workspace_bytes(const anvil_add_mve_s8_params_t *p) {
  (void)p;
  return 0;
}

/* anvil_mbqm_lt1 on four lanes, for multipliers >= 0 (see the contract above). */
ANVIL_INLINE int32x4_t anvil_add_mve_s8_rescale(int32x4_t v, int32_t multiplier, int32_t right) {
  const int32x4_t fix = right > 0 ? vshrq_n_s32(v, 31) : vdupq_n_s32(0);
  return vrshlq_n_s32(vqrdmlahq_n_s32(fix, v, multiplier), -right);
}

/* One input's lanes rescaled to the common scale; scale2 = 2^left_shift, or 2^(left_shift-1) when exact. */
ANVIL_INLINE int32x4_t anvil_add_mve_s8_input(int32x4_t x, int exact, int32x4_t scale2, int32_t offset2, int32_t multiplier, int32_t right) {
  const int32x4_t v = vmlasq_n_s32(x, scale2, offset2);
  return exact ? v : anvil_add_mve_s8_rescale(v, multiplier, right);
}

ANVIL_INLINE anvil_status_t anvil_add_mve_s8_body(const anvil_add_mve_s8_params_t *p, const int8_t *x1, const int8_t *x2,
                                                  int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t L = p->left_shift;
  const int32_t r1 = -p->input1_shift, r2 = -p->input2_shift, ro = -p->output_shift;
  const int32_t m1 = p->input1_multiplier, m2 = p->input2_multiplier, mo = p->output_multiplier;
  const int exact1 = m1 == ((int32_t)1 << 30) && r1 == 0, exact2 = m2 == ((int32_t)1 << 30) && r2 == 0;
  const int32_t sh1 = exact1 ? L - 1 : L, sh2 = exact2 ? L - 1 : L;
  const int32x4_t scale1 = vdupq_n_s32((int32_t)1 << sh1), scale2 = vdupq_n_s32((int32_t)1 << sh2);
  const int32_t off1 = (int32_t)((uint32_t)p->input1_offset << sh1), off2 = (int32_t)((uint32_t)p->input2_offset << sh2);
  const int32_t out_offset = p->output_offset, act_min = p->act_min, act_max = p->act_max;
  /* The int8 range alone needs no constant vectors: VQSHL by 24 saturates, VSHR brings it back. */
  const int full_range = act_min == -128 && act_max == 127;
  const int32x4_t lo = vdupq_n_s32(act_min), hi = vdupq_n_s32(act_max);
  int32_t n = p->size;
  (void)workspace;
#define ANVIL_ADD_MVE_QUARTER(a, b, out)                                                                                   \
  do {                                                                                                                     \
    const int32x4_t s_ = vaddq_s32(anvil_add_mve_s8_input((a), exact1, scale1, off1, m1, r1),                              \
                                   anvil_add_mve_s8_input((b), exact2, scale2, off2, m2, r2));                             \
    const int32x4_t r_ = vaddq_n_s32(anvil_add_mve_s8_rescale(s_, mo, ro), out_offset);                                   \
    (out) = full_range ? vshrq_n_s32(vqshlq_n_s32(r_, 24), 24) : vminq_s32(vmaxq_s32(r_, lo), hi);                         \
  } while (0)
  /* Whole quarters: each is one low-overhead loop pass, the loads and the store post-incrementing. */
  for (; n >= 4; n -= 4) {
    int32x4_t r;
    ANVIL_ADD_MVE_QUARTER(vldrbq_s32(x1), vldrbq_s32(x2), r);
    vstrbq_s32(y, r);
    x1 += 4;
    x2 += 4;
    y += 4;
  }
  /* The last 1..3, predicated: the masked lanes are never read or written. */
  if (n > 0) {
    const mve_pred16_t pr = vctp32q((uint32_t)n);
    int32x4_t r;
    ANVIL_ADD_MVE_QUARTER(vldrbq_z_s32(x1, pr), vldrbq_z_s32(x2, pr), r);
    vstrbq_p_s32(y, r, pr);
  }
#undef ANVIL_ADD_MVE_QUARTER
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_add_mve_s8.c), shared by every node that calls it. */
anvil_status_t anvil_add_mve_s8(const anvil_add_mve_s8_params_t *params, const int8_t *x1, const int8_t *x2, int8_t *y, void *workspace);

#endif
