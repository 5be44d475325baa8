/*
 * anvil_conv2d_dsp_pairs_s8: anvil_conv2d_dsp_s8 (same parameters, same results) with the
 * filter laid out at compile time for the inner loop, the `pairs` and `pairs-col` variants
 * `anvil tune` may choose for a layer: twice the filter's flash for fewer instructions.
 *
 * `pairs` (structural) 1: the filter comes pre-extended in `filter16`
 * (`filter` unused), per pair of output channels (an odd out_c's last row twice) and per word
 * of four bytes, [even][odd] halfword pairs (as anvil_even16/anvil_odd16 would make them) of
 * the first row, then of the second (8 int16); then the K % 4 tail bytes as int16, first and
 * second row alternating: 2·K int16 per pair of rows, which one pointer walks with LDRDs (see
 * arm_dsp.h). The inner loop splits the columns only. 2: the two columns pre-extended and
 * interleaved the same way too, in the workspace (2·K int16, after K bytes of each raw im2col
 * column unless pointwise), so the inner loop only loads and multiplies.
 */
#ifndef ANVIL_KERNELS_CONV2D_DSP_PAIRS_S8_H
#define ANVIL_KERNELS_CONV2D_DSP_PAIRS_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_dsp.h"
#include "anvil/status.h"
#include "anvil_conv2d_dsp_s8.h"

typedef anvil_conv2d_simd_s8_params_t anvil_conv2d_dsp_pairs_s8_params_t;

/* As anvil_conv2d_dsp_s8's, with 4·K bytes more for `pairs-col` (pairs == 2). */
ANVIL_INLINE size_t anvil_conv2d_dsp_pairs_s8_workspace_bytes(const anvil_conv2d_dsp_pairs_s8_params_t *p) {
  return anvil_conv2d_simd_s8_workspace_bytes(p);
}

/* Columns x and y (K bytes each) pre-extended and interleaved at dst (2·K int16, 4-byte aligned). */
ANVIL_INLINE void anvil_conv2d_dsp_pairs_s8_widen2(const int8_t *x, const int8_t *y, int16_t *dst, int32_t K) {
  const int32_t k4 = K / 4 * 4;
  int32_t k;
  anvil_dsp_widen_pairs2(x, y, dst, k4 / 4);
  /* Byte k of the tail at entries 2k (x) and 2k + 1 (y): after the 8 entries per four bytes before it. */
  for (k = k4; k < K; ++k) {
    dst[2 * k] = x[k];
    dst[2 * k + 1] = y[k];
  }
}

ANVIL_INLINE anvil_status_t anvil_conv2d_dsp_pairs_s8_body(const anvil_conv2d_dsp_pairs_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                           int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t out_c = p->out_c, in_c = p->in_c;
  const int32_t K = p->k_h * p->k_w * in_c;
  const int32_t k4 = K / 4 * 4;
  const int32_t pixels = p->out_h * p->out_w;
  const int cols = p->pairs == 2;
  const int32_t *bias = p->bias;
  /* Variant 2: the interleaved columns first, then the raw im2col columns they come from. */
  int16_t *q = (int16_t *)workspace;
  int8_t *raw = (int8_t *)workspace + (cols ? 4 * K : 0);
  int32_t b, px, oc, t;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + b * p->in_h * p->in_w * in_c;
    int8_t *yb = y + b * pixels * out_c;
    for (px = 0; px < pixels; px += 2) {
      const int32_t px1 = px + 1 < pixels ? px + 1 : px;
      const int8_t *c0, *c1;
      const int16_t *f = p->filter16;
      anvil_conv2d_dsp_s8_columns(p, xb, px, px1, raw, &c0, &c1);
      if (cols) anvil_conv2d_dsp_pairs_s8_widen2(c0, c1, q, K);
      for (oc = 0; oc < out_c; oc += 2, f += 2 * K) {
        const int32_t oc1 = oc + 1 < out_c ? oc + 1 : oc;
        /* The tails of both rows (and of both columns), alternating. */
        const int16_t *ft = f + 2 * k4;
        int32_t acc[4];
        acc[0] = acc[1] = bias[oc];
        acc[2] = acc[3] = bias[oc1];
        if (cols) {
          const int16_t *qt = q + 2 * k4;
          anvil_dsp_dot_2x2_pp(f, q, k4 / 4, acc);
          for (t = 0; t < K - k4; ++t) {
            acc[0] += (int32_t)ft[2 * t] * qt[2 * t];
            acc[1] += (int32_t)ft[2 * t] * qt[2 * t + 1];
            acc[2] += (int32_t)ft[2 * t + 1] * qt[2 * t];
            acc[3] += (int32_t)ft[2 * t + 1] * qt[2 * t + 1];
          }
        } else {
          /* Pointwise: a constant column step but for an odd last pixel (one more copy of the loop). */
          if (p->pointwise && px1 != px)
            anvil_dsp_dot_2x2_wp(f, c0, in_c, k4 / 4, acc);
          else
            anvil_dsp_dot_2x2_wp(f, c0, (int32_t)(c1 - c0), k4 / 4, acc);
          for (t = 0; t < K - k4; ++t) {
            acc[0] += (int32_t)ft[2 * t] * c0[k4 + t];
            acc[1] += (int32_t)ft[2 * t] * c1[k4 + t];
            acc[2] += (int32_t)ft[2 * t + 1] * c0[k4 + t];
            acc[3] += (int32_t)ft[2 * t + 1] * c1[k4 + t];
          }
        }
        anvil_conv2d_dsp_s8_store4(p, yb, px, px1, oc, oc1, acc);
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_conv2d_dsp_pairs_s8.c), shared by every node that calls it. */
anvil_status_t anvil_conv2d_dsp_pairs_s8(const anvil_conv2d_dsp_pairs_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
