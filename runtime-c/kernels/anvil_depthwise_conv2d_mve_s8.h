/*
 * anvil_depthwise_conv2d_mve_s8: int8 depthwise convolution with Helium (MVE), bit-exact with
 * TensorFlow Lite's reference kernel.
 *
 * Depth multiplier 1, one batch, channels a multiple of four. Layouts: input
 * [1][in_h][in_w][channels], filter [1][k_h][k_w][channels], output
 * [1][out_h][out_w][channels], int8, no alignment needed. The per-channel tables come per
 * group of eight channels as [4 even channels][4 odd channels] (zero past the last channel),
 * 16-byte aligned, so each half is one vector load: bias_lanes (bias[c] + input_offset · Σ
 * w[c], so the loops multiply raw int8 inputs), mult_lanes, left_lanes (the left shift) and
 * neg_right_lanes (minus the right shift). Workspace: one row of `channels` bytes of the
 * input zero point.
 *
 * Every output pixel first gets one pointer per tap, into the input or at the zero-point row
 * for taps in the padding (whose products the folded bias cancels), so border pixels need no
 * separate loop; then eight channels at a time widened to 16 bits, products widened into two
 * vectors of 32-bit sums (even and odd channels).
 */
#ifndef ANVIL_KERNELS_DEPTHWISE_CONV2D_MVE_S8_H
#define ANVIL_KERNELS_DEPTHWISE_CONV2D_MVE_S8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_mve.h"
#include "anvil/status.h"

#ifndef ANVIL_DEPTHWISE_FIXED_TAPS
/* Filters up to 5×5 keep their tap pointers in a fixed array (see the body). */
#define ANVIL_DEPTHWISE_FIXED_TAPS 32
#endif

typedef struct {
  int32_t in_h, in_w, channels;
  int32_t out_h, out_w;
  int32_t k_h, k_w;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
  int32_t input_offset, output_offset, act_min, act_max;
  const int8_t *filter;
  const int32_t *bias_lanes;
  const int32_t *mult_lanes;
  const int32_t *left_lanes;
  const int32_t *neg_right_lanes;
} anvil_depthwise_conv2d_mve_s8_params_t;

ANVIL_INLINE size_t anvil_depthwise_conv2d_mve_s8_workspace_bytes(const anvil_depthwise_conv2d_mve_s8_params_t *p) {
  return (size_t)p->channels;
}

ANVIL_INLINE anvil_status_t anvil_depthwise_conv2d_mve_s8_body(const anvil_depthwise_conv2d_mve_s8_params_t *p,
                                                               const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                                               void *ANVIL_RESTRICT workspace) {
  /* Byte offsets of the even (or odd) channels' four lanes in the output. */
  static const uint32_t k_lane_offsets[4] ANVIL_ALIGNED(16) = {0, 2, 4, 6};
  const uint32x4_t lane_offsets = vldrwq_u32(k_lane_offsets);
  const int32_t C = p->channels;
  const int32_t taps = p->k_h * p->k_w;
  const int32_t groups = (C + 7) / 8;
  const int8_t *filter = p->filter;
  int8_t *zrow = (int8_t *)workspace;
  /*
   * The tap pointers live in a fixed array when they fit: GCC turns a variable-length array
   * of constant length back into a plain one only up to a few words, and a real one costs the
   * frame pointer, a register the loops need. Larger filters take the variable-length one.
   */
  const int8_t *fixed_taps[ANVIL_DEPTHWISE_FIXED_TAPS];
  const int8_t *var_taps[taps <= ANVIL_DEPTHWISE_FIXED_TAPS ? 1 : taps];
  const int8_t **tap = taps <= ANVIL_DEPTHWISE_FIXED_TAPS ? fixed_taps : var_taps;
  int32_t oy, ox, g;
  memset(zrow, -p->input_offset, (size_t)C);
  for (oy = 0; oy < p->out_h; ++oy) {
    for (ox = 0; ox < p->out_w; ++ox) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      const int32_t ix0 = ox * p->stride_w - p->pad_left;
      int32_t t = 0, fy, fx;
      int8_t *out = y + (oy * p->out_w + ox) * C;
      for (fy = 0; fy < p->k_h; ++fy) {
        const int32_t iy = iy0 + p->dilation_h * fy;
        for (fx = 0; fx < p->k_w; ++fx) {
          const int32_t ix = ix0 + p->dilation_w * fx;
          tap[t++] = (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w) ? zrow : x + (iy * p->in_w + ix) * C;
        }
      }
      for (g = 0; g < groups; ++g) {
        const int32_t c = 8 * g;
        const int32_t k = 8 * g;
        const mve_pred16_t pred = vctp16q((uint32_t)(C - c));
        /* Channels come in multiples of four: even and odd lanes hold the same count. */
        const mve_pred16_t lanes = vctp32q((uint32_t)((C - c) / 2));
        int32x4_t even = vldrwq_s32(p->bias_lanes + k), odd = vldrwq_s32(p->bias_lanes + k + 4);
        for (t = 0; t < taps; ++t) {
          const int16x8_t xv = vldrbq_z_s16(tap[t] + c, pred), wv = vldrbq_z_s16(filter + t * C + c, pred);
          even = vaddq_s32(even, vmullbq_int_s16(xv, wv));
          odd = vaddq_s32(odd, vmulltq_int_s16(xv, wv));
        }
        even = anvil_mve_requant(even, vldrwq_s32(p->mult_lanes + k), vldrwq_s32(p->left_lanes + k), vldrwq_s32(p->neg_right_lanes + k),
                                 p->output_offset, p->act_min, p->act_max);
        odd = anvil_mve_requant(odd, vldrwq_s32(p->mult_lanes + k + 4), vldrwq_s32(p->left_lanes + k + 4),
                                vldrwq_s32(p->neg_right_lanes + k + 4), p->output_offset, p->act_min, p->act_max);
        vstrbq_scatter_offset_p_s32(out + c, lane_offsets, even, lanes);
        vstrbq_scatter_offset_p_s32(out + c + 1, lane_offsets, odd, lanes);
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_depthwise_conv2d_mve_s8.c), shared by every node that calls it. */
anvil_status_t anvil_depthwise_conv2d_mve_s8(const anvil_depthwise_conv2d_mve_s8_params_t *params,
                                             const int8_t *x, int8_t *y, void *workspace);

#endif
