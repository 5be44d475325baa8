/*
 * anvil_conv2d_dsp_s8: int8 2-D convolution with the Armv7E-M DSP extension (SXTB16 +
 * SMLAD), bit-exact with TensorFlow Lite's reference kernel. Ungrouped only.
 *
 * Layouts: input [batches][in_h][in_w][in_c], filter [out_c][k_h][k_w][in_c], output
 * [batches][out_h][out_w][out_c], all int8, no alignment needed. Bias: the folded table of
 * anvil_conv2d_simd_s8_params.h. Requantization per output channel, or one for all.
 * Workspace: two im2col columns of K = k_h·k_w·in_c bytes (none when pointwise).
 *
 * A matrix product: output pixels two at a time (their receptive fields copied to two
 * columns, or read in place when pointwise), output channels two at a time against the
 * filter rows in place, four dot products per pass of the inner loop.
 *
 * The `pairs` and `pairs-col` variants, with the filter (and the columns) pre-extended to
 * halfword pairs, are anvil_conv2d_dsp_pairs_s8: a firmware that does not use them carries
 * none of their code.
 */
#ifndef ANVIL_KERNELS_CONV2D_DSP_S8_H
#define ANVIL_KERNELS_CONV2D_DSP_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_dsp.h"
#include "anvil/status.h"
#include "anvil_conv2d_simd_s8_params.h"

typedef anvil_conv2d_simd_s8_params_t anvil_conv2d_dsp_s8_params_t;

ANVIL_INLINE size_t anvil_conv2d_dsp_s8_workspace_bytes(const anvil_conv2d_dsp_s8_params_t *p) {
  return anvil_conv2d_simd_s8_workspace_bytes(p);
}

/*
 * Output pixels px and px1 as two columns of K bytes: read in place when pointwise, else
 * copied by im2col into col (2·K bytes).
 */
ANVIL_INLINE void anvil_conv2d_dsp_s8_columns(const anvil_conv2d_dsp_s8_params_t *p, const int8_t *xb, int32_t px, int32_t px1, int8_t *col,
                                              const int8_t **c0, const int8_t **c1) {
  const int32_t K = p->k_h * p->k_w * p->in_c;
  if (p->pointwise) {
    *c0 = xb + px * p->in_c;
    *c1 = xb + px1 * p->in_c;
  } else {
    anvil_conv2d_simd_s8_im2col(p, xb, px, col);
    anvil_conv2d_simd_s8_im2col(p, xb, px1, col + K);
    *c0 = col;
    *c1 = col + K;
  }
}

/* The four sums of channels oc, oc1 at pixels px, px1, requantized and stored. */
ANVIL_INLINE void anvil_conv2d_dsp_s8_store4(const anvil_conv2d_dsp_s8_params_t *p, int8_t *yb, int32_t px, int32_t px1, int32_t oc,
                                             int32_t oc1, const int32_t acc[4]) {
  const int32_t out_c = p->out_c;
  yb[px * out_c + oc] = anvil_conv2d_simd_s8_out(p, acc[0], oc);
  yb[px1 * out_c + oc] = anvil_conv2d_simd_s8_out(p, acc[1], oc);
  yb[px * out_c + oc1] = anvil_conv2d_simd_s8_out(p, acc[2], oc1);
  yb[px1 * out_c + oc1] = anvil_conv2d_simd_s8_out(p, acc[3], oc1);
}

ANVIL_INLINE anvil_status_t anvil_conv2d_dsp_s8_body(const anvil_conv2d_dsp_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                     int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t out_c = p->out_c, in_c = p->in_c;
  const int32_t K = p->k_h * p->k_w * in_c;
  const int32_t k4 = K / 4 * 4;
  const int32_t pixels = p->out_h * p->out_w;
  const int8_t *filter = p->filter;
  const int32_t *bias = p->bias;
  int32_t b, px, oc, k;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + b * p->in_h * p->in_w * in_c;
    int8_t *yb = y + b * pixels * out_c;
    /* An odd last pixel (or channel) pairs with itself; both results are the same value. */
    for (px = 0; px < pixels; px += 2) {
      const int32_t px1 = px + 1 < pixels ? px + 1 : px;
      const int8_t *c0, *c1;
      anvil_conv2d_dsp_s8_columns(p, xb, px, px1, (int8_t *)workspace, &c0, &c1);
      for (oc = 0; oc < out_c; oc += 2) {
        const int32_t oc1 = oc + 1 < out_c ? oc + 1 : oc;
        const int8_t *f0 = filter + oc * K;
        const int8_t *f1 = filter + oc1 * K;
        int32_t acc[4];
        acc[0] = acc[1] = bias[oc];
        acc[2] = acc[3] = bias[oc1];
        anvil_dsp_dot_2x2(f0, f1, c0, c1, k4 / 4, acc);
        for (k = k4; k < K; ++k) {
          acc[0] += (int32_t)f0[k] * c0[k];
          acc[1] += (int32_t)f0[k] * c1[k];
          acc[2] += (int32_t)f1[k] * c0[k];
          acc[3] += (int32_t)f1[k] * c1[k];
        }
        anvil_conv2d_dsp_s8_store4(p, yb, px, px1, oc, oc1, acc);
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_conv2d_dsp_s8.c), shared by every node that calls it. */
anvil_status_t anvil_conv2d_dsp_s8(const anvil_conv2d_dsp_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
