/*
 * anvil_conv2d_dsp_s8: int8 2-D convolution with the Armv7E-M DSP extension (SXTB16 +
 * SMLAD), bit-exact with TensorFlow Lite's reference kernel. Ungrouped only.
 *
 * Layouts: input [batches][in_h][in_w][in_c], filter [out_c][k_h][k_w][in_c], output
 * [batches][out_h][out_w][out_c], all int8, no alignment needed. Bias: the folded table of
 * anvil_conv2d_simd_s8_params.h. Requantization per output channel, or one for all.
 * Workspace: two im2col columns of k_h·k_w·in_c bytes (none when pointwise); variant 2 (below)
 * two pre-extended columns of 2·kp bytes each, pointwise too.
 *
 * A matrix product: output pixels two at a time (their receptive fields copied to two
 * columns, or read in place when pointwise), output channels two at a time against the
 * filter rows in place, four dot products per pass of the inner loop.
 *
 * Variants (`pairs`, structural): 0 as above. 1: the filter comes pre-extended in `filter16`
 * (`filter` unused), per row of K bytes: per word of four bytes the halfword pairs
 * [b0 b2][b1 b3] as anvil_even16/anvil_odd16 would make them, then the K % 4 tail bytes as
 * int16, then one int16 of zero when K is odd, so every row (kp = K + K % 2 entries) starts
 * 4-byte aligned; an odd out_c's last row twice, so rows go in pairs kp entries apart; the inner loop splits the columns only. 2: the columns pre-extended the same
 * way too (in the workspace, 2·kp int16 each, also for pointwise, whose two pixels are
 * copied), so the inner loop only loads and multiplies.
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
 * Column c (K bytes at src) pre-extended into dst (kp int16, 4-byte aligned). src may be the
 * upper part of dst's own buffer, at dst + K bytes: each write stays below what is still unread.
 */
ANVIL_INLINE void anvil_conv2d_dsp_s8_widen(const int8_t *src, int16_t *dst, int32_t K) {
  const int32_t k4 = K / 4 * 4;
  int32_t k;
  anvil_dsp_widen_pairs(src, dst, k4 / 4);
  for (k = k4; k < K; ++k) dst[k] = src[k];
}

/* Variants 1 and 2 (see the top of the file). */
ANVIL_INLINE anvil_status_t anvil_conv2d_dsp_s8_pairs_body(const anvil_conv2d_dsp_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                           int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t out_c = p->out_c, in_c = p->in_c;
  const int32_t K = p->k_h * p->k_w * in_c;
  const int32_t k4 = K / 4 * 4;
  const int32_t kp = K + K % 2;
  const int32_t pixels = p->out_h * p->out_w;
  const int cols = p->pairs == 2;
  const int16_t *filter = p->filter16;
  const int32_t *bias = p->bias;
  int32_t b, px, oc, k;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + b * p->in_h * p->in_w * in_c;
    int8_t *yb = y + b * pixels * out_c;
    for (px = 0; px < pixels; px += 2) {
      const int32_t px1 = px + 1 < pixels ? px + 1 : px;
      const int8_t *c0, *c1;
      int16_t *q = (int16_t *)workspace;
      if (p->pointwise) {
        c0 = xb + px * in_c;
        c1 = xb + px1 * in_c;
        if (cols) {
          anvil_conv2d_dsp_s8_widen(c0, q, K);
          anvil_conv2d_dsp_s8_widen(c1, q + kp, K);
        }
      } else if (cols) {
        /* Each column's bytes go to the upper half of its pairs, then widen downwards. */
        int8_t *raw0 = (int8_t *)workspace + K, *raw1 = (int8_t *)workspace + 2 * kp + K;
        anvil_conv2d_simd_s8_im2col(p, xb, px, raw0);
        anvil_conv2d_dsp_s8_widen(raw0, q, K);
        anvil_conv2d_simd_s8_im2col(p, xb, px1, raw1);
        anvil_conv2d_dsp_s8_widen(raw1, q + kp, K);
        c0 = c1 = NULL;
      } else {
        int8_t *col = (int8_t *)workspace;
        anvil_conv2d_simd_s8_im2col(p, xb, px, col);
        anvil_conv2d_simd_s8_im2col(p, xb, px1, col + K);
        c0 = col;
        c1 = col + K;
      }
      for (oc = 0; oc < out_c; oc += 2) {
        const int32_t oc1 = oc + 1 < out_c ? oc + 1 : oc;
        /* The table repeats an odd last row, so the second row is always kp entries on. */
        const int16_t *f0 = filter + oc * kp;
        const int16_t *f1 = f0 + kp;
        int32_t acc[4];
        acc[0] = acc[1] = bias[oc];
        acc[2] = acc[3] = bias[oc1];
        if (cols) {
          const int16_t *q0 = q, *q1 = q + kp;
          anvil_dsp_dot_2x2_pp(f0, kp, q0, kp, k4 / 4, acc);
          for (k = k4; k < K; ++k) {
            acc[0] += (int32_t)f0[k] * q0[k];
            acc[1] += (int32_t)f0[k] * q1[k];
            acc[2] += (int32_t)f1[k] * q0[k];
            acc[3] += (int32_t)f1[k] * q1[k];
          }
        } else {
          /* Pointwise: a constant column step but for an odd last pixel (one more copy of the loop). */
          if (p->pointwise && px1 != px)
            anvil_dsp_dot_2x2_wp(f0, kp, c0, in_c, k4 / 4, acc);
          else
            anvil_dsp_dot_2x2_wp(f0, kp, c0, (int32_t)(c1 - c0), k4 / 4, acc);
          for (k = k4; k < K; ++k) {
            acc[0] += (int32_t)f0[k] * c0[k];
            acc[1] += (int32_t)f0[k] * c1[k];
            acc[2] += (int32_t)f1[k] * c0[k];
            acc[3] += (int32_t)f1[k] * c1[k];
          }
        }
        yb[px * out_c + oc] = anvil_conv2d_simd_s8_out(p, acc[0], oc);
        yb[px1 * out_c + oc] = anvil_conv2d_simd_s8_out(p, acc[1], oc);
        yb[px * out_c + oc1] = anvil_conv2d_simd_s8_out(p, acc[2], oc1);
        yb[px1 * out_c + oc1] = anvil_conv2d_simd_s8_out(p, acc[3], oc1);
      }
    }
  }
  return ANVIL_OK;
}

/* Variant 0: the filter rows in place. */
ANVIL_INLINE anvil_status_t anvil_conv2d_dsp_s8_in_place_body(const anvil_conv2d_dsp_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
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
      if (p->pointwise) {
        c0 = xb + px * in_c;
        c1 = xb + px1 * in_c;
      } else {
        int8_t *col = (int8_t *)workspace;
        anvil_conv2d_simd_s8_im2col(p, xb, px, col);
        anvil_conv2d_simd_s8_im2col(p, xb, px1, col + K);
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
        anvil_dsp_dot_2x2(f0, f1, c0, c1, k4 / 4, acc);
        for (k = k4; k < K; ++k) {
          acc[0] += (int32_t)f0[k] * c0[k];
          acc[1] += (int32_t)f0[k] * c1[k];
          acc[2] += (int32_t)f1[k] * c0[k];
          acc[3] += (int32_t)f1[k] * c1[k];
        }
        yb[px * out_c + oc] = anvil_conv2d_simd_s8_out(p, acc[0], oc);
        yb[px1 * out_c + oc] = anvil_conv2d_simd_s8_out(p, acc[1], oc);
        yb[px * out_c + oc1] = anvil_conv2d_simd_s8_out(p, acc[2], oc1);
        yb[px1 * out_c + oc1] = anvil_conv2d_simd_s8_out(p, acc[3], oc1);
      }
    }
  }
  return ANVIL_OK;
}

ANVIL_INLINE anvil_status_t anvil_conv2d_dsp_s8_body(const anvil_conv2d_dsp_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                     int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  if (p->pairs) return anvil_conv2d_dsp_s8_pairs_body(p, x, y, workspace);
  return anvil_conv2d_dsp_s8_in_place_body(p, x, y, workspace);
}

/* The out-of-line instance (anvil_conv2d_dsp_s8.c), shared by every node that calls it. */
anvil_status_t anvil_conv2d_dsp_s8(const anvil_conv2d_dsp_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
