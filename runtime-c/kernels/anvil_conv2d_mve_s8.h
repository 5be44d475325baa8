/*
 * anvil_conv2d_mve_s8: int8 2-D convolution with Helium (VMLADAVA, predicated tails),
 * bit-exact with TensorFlow Lite's reference kernel. Ungrouped only.
 *
 * Layouts: input [batches][in_h][in_w][in_c], filter [out_c][k_h][k_w][in_c], output
 * [batches][out_h][out_w][out_c], all int8, no alignment needed. Bias: the folded table of
 * anvil_conv2d_simd_s8_params.h. Requantization per output channel, or one for all.
 * Workspace: two im2col columns of k_h·k_w·in_c bytes (none when pointwise).
 *
 * A matrix product: output pixels two at a time (their receptive fields copied to two
 * columns, or read in place when pointwise), output channels two at a time against the
 * filter rows in place, four dot products of 16 bytes per pass of the inner loop.
 */
#ifndef ANVIL_KERNELS_CONV2D_MVE_S8_H
#define ANVIL_KERNELS_CONV2D_MVE_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_mve.h"
#include "anvil/status.h"
#include "anvil_conv2d_simd_s8_params.h"

typedef anvil_conv2d_simd_s8_params_t anvil_conv2d_mve_s8_params_t;

ANVIL_INLINE size_t anvil_conv2d_mve_s8_workspace_bytes(const anvil_conv2d_mve_s8_params_t *p) {
  return anvil_conv2d_simd_s8_workspace_bytes(p);
}

ANVIL_INLINE anvil_status_t anvil_conv2d_mve_s8_body(const anvil_conv2d_mve_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                     int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t out_c = p->out_c, in_c = p->in_c;
  const int32_t K = p->k_h * p->k_w * in_c;
  const int32_t pixels = p->out_h * p->out_w;
  const int8_t *filter = p->filter;
  const int32_t *bias = p->bias;
  int32_t b, px, oc;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + b * p->in_h * p->in_w * in_c;
    int8_t *yb = y + b * pixels * out_c;
    /* An odd last pixel (or channel) pairs with itself; both results are the same value. */
    for (px = 0; px < pixels; px += 2) {
      const int32_t px1 = px + 1 < pixels ? px + 1 : px;
      const int8_t *c0, *c1;
      if (p->pointwise) {
        c0 = xb + px * in_c;
        c1 = xb + px1 * in_c;
      } else {
        int8_t *col = (int8_t *)workspace;
        anvil_conv2d_simd_s8_im2col_any(p, xb, px, col);
        anvil_conv2d_simd_s8_im2col_any(p, xb, px1, col + K);
        c0 = col;
        c1 = col + K;
      }
      for (oc = 0; oc < out_c; oc += 2) {
        const int32_t oc1 = oc + 1 < out_c ? oc + 1 : oc;
        const int8_t *f0 = filter + oc * K;
        const int8_t *f1 = filter + oc1 * K;
        int32_t acc[4];
        acc[0] = acc[1] = bias[oc];
        acc[2] = acc[3] = bias[oc1];
        anvil_mve_dot_2x2(f0, f1, c0, c1, K, acc);
        yb[px * out_c + oc] = anvil_conv2d_simd_s8_out(p, acc[0], oc);
        yb[px1 * out_c + oc] = anvil_conv2d_simd_s8_out(p, acc[1], oc);
        yb[px * out_c + oc1] = anvil_conv2d_simd_s8_out(p, acc[2], oc1);
        yb[px1 * out_c + oc1] = anvil_conv2d_simd_s8_out(p, acc[3], oc1);
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_conv2d_mve_s8.c), shared by every node that calls it. */
anvil_status_t anvil_conv2d_mve_s8(const anvil_conv2d_mve_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
