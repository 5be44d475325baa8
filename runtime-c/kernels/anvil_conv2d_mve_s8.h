/*
 * anvil_conv2d_mve_s8: int8 2-D convolution with Helium (VMLADAVA, predicated tails),
 * bit-exact with TensorFlow Lite's reference kernel. Ungrouped only.
 *
 * Layouts: input [batches][in_h][in_w][in_c], output [batches][out_h][out_w][out_c], int8, no
 * alignment needed. `filter` is not the [out_c][k_h][k_w][in_c] tensor but a table the
 * generator lays out per group of four output channels (a last group short of four is
 * completed with zero channels, never stored), K = k_h·k_w·in_c:
 *   - the four filter rows: every 16-byte block of the four in turn, then their K % 16 tail
 *     bytes one row after another (4·K bytes);
 *   - the bias folded as in anvil_conv2d_simd_s8_params.h and the multiplier, four
 *     little-endian int32 each, then minus the right shift and, unless right_only, the left
 *     shift, four int8 each (36 or 40 bytes: no more than the separate tables).
 * The kernel reads every channel's own requantization; bias, multiplier, left and right are
 * unused (NULL). Workspace: two im2col columns of K bytes (none when pointwise).
 *
 * A matrix product: output pixels two at a time (their receptive fields copied to two
 * columns, or read in place when pointwise) against four output channels at a time, eight dot
 * products per pass of the inner loop; the four channels of a pixel are requantized as one
 * vector and stored as four adjacent bytes.
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

/* Output channels oc..oc+3 (fewer in a last group, whose stores are predicated) of two pixels. */
ANVIL_INLINE const int8_t *anvil_conv2d_mve_s8_group(const anvil_conv2d_mve_s8_params_t *p, const int8_t *w, const int8_t *c0,
                                                     const int8_t *c1, int32_t oc, int8_t *y0, int8_t *y1) {
  const int32_t K = p->k_h * p->k_w * p->in_c;
  int32x4_t s0, s1, bias, mult, neg_right;
  w = anvil_mve_dot_4x2(w, c0, c1, K, &s0, &s1);
  /*
   * The group's constants follow its rows. Byte loads reinterpreted need no alignment, and
   * come after the product (its asm clobbers memory), so no vector waits across it.
   */
  bias = vreinterpretq_s32_s8(vldrbq_s8(w));
  mult = vreinterpretq_s32_s8(vldrbq_s8(w + 16));
  neg_right = vldrbq_s32(w + 32);
  w += 36;
  s0 = vaddq_s32(s0, bias);
  s1 = vaddq_s32(s1, bias);
  if (p->right_only == 2) {
    s0 = anvil_mve_requant_none(s0, mult, p->output_offset, p->act_min, p->act_max);
    s1 = anvil_mve_requant_none(s1, mult, p->output_offset, p->act_min, p->act_max);
  } else if (p->right_only) {
    s0 = anvil_mve_requant_right(s0, mult, neg_right, p->output_offset, p->act_min, p->act_max);
    s1 = anvil_mve_requant_right(s1, mult, neg_right, p->output_offset, p->act_min, p->act_max);
  } else {
    const int32x4_t left = vldrbq_s32(w);
    w += 4;
    s0 = anvil_mve_requant(s0, mult, left, neg_right, p->output_offset, p->act_min, p->act_max);
    s1 = anvil_mve_requant(s1, mult, left, neg_right, p->output_offset, p->act_min, p->act_max);
  }
  if (oc + 4 <= p->out_c) {
    vstrbq_s32(y0, s0);
    vstrbq_s32(y1, s1);
  } else {
    const mve_pred16_t lanes = vctp32q((uint32_t)(p->out_c - oc));
    vstrbq_p_s32(y0, s0, lanes);
    vstrbq_p_s32(y1, s1, lanes);
  }
  return w;
}

ANVIL_INLINE anvil_status_t anvil_conv2d_mve_s8_body(const anvil_conv2d_mve_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                     int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t out_c = p->out_c, in_c = p->in_c;
  const int32_t K = p->k_h * p->k_w * in_c;
  const int32_t pixels = p->out_h * p->out_w;
  int32_t b, px, oc;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + b * p->in_h * p->in_w * in_c;
    int8_t *yb = y + b * pixels * out_c;
    /* An odd last pixel pairs with itself; both results are the same value. */
    for (px = 0; px < pixels; px += 2) {
      const int32_t px1 = px + 1 < pixels ? px + 1 : px;
      const int8_t *c0, *c1;
      const int8_t *w = p->filter;
      int8_t *y0 = yb + px * out_c, *y1 = yb + px1 * out_c;
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
      for (oc = 0; oc < out_c; oc += 4)
        w = anvil_conv2d_mve_s8_group(p, w, c0, c1, oc, y0 + oc, y1 + oc);
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_conv2d_mve_s8.c), shared by every node that calls it. */
anvil_status_t anvil_conv2d_mve_s8(const anvil_conv2d_mve_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
