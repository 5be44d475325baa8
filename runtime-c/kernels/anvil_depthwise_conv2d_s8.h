/*
 * anvil_depthwise_conv2d_s8: int8 depthwise 2-D convolution, portable C99, bit-exact with
 * TensorFlow Lite's reference kernel (taps in the padding are skipped, not read).
 *
 * Layouts: input [batches][in_h][in_w][in_c], filter [1][k_h][k_w][out_c], output
 * [batches][out_h][out_w][out_c], all int8, no alignment needed; output channel
 * oc = ic * depth_multiplier + m reads input channel ic. Bias: int32 per output channel, or
 * NULL. Requantization per output channel (or one for all when per_channel is 0): TFLite's
 * multiplier and shift. Workspace: none.
 */
#ifndef ANVIL_KERNELS_DEPTHWISE_CONV2D_S8_H
#define ANVIL_KERNELS_DEPTHWISE_CONV2D_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"

typedef struct {
  int32_t batches, in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t k_h, k_w, depth_multiplier;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
  int32_t input_offset, output_offset, act_min, act_max;
  /* 1: multiplier and shift hold one entry per output channel; 0: one entry for all. */
  int32_t per_channel;
  const int8_t *filter;
  const int32_t *bias;
  const int32_t *multiplier;
  const int8_t *shift;
} anvil_depthwise_conv2d_s8_params_t;

ANVIL_INLINE size_t anvil_depthwise_conv2d_s8_workspace_bytes(const anvil_depthwise_conv2d_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_depthwise_conv2d_s8_body(const anvil_depthwise_conv2d_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                           int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int32_t b, oy, ox, ic, m, fy, fx;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    for (oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      for (ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_left;
        int8_t *out = y + ((b * p->out_h + oy) * p->out_w + ox) * p->out_c;
        for (ic = 0; ic < p->in_c; ++ic) {
          for (m = 0; m < p->depth_multiplier; ++m) {
            const int32_t oc = ic * p->depth_multiplier + m;
            const int32_t q = p->per_channel ? oc : 0;
            int32_t acc = 0;
            for (fy = 0; fy < p->k_h; ++fy) {
              const int32_t iy = iy0 + p->dilation_h * fy;
              if (iy < 0 || iy >= p->in_h) continue;
              for (fx = 0; fx < p->k_w; ++fx) {
                const int32_t ix = ix0 + p->dilation_w * fx;
                if (ix < 0 || ix >= p->in_w) continue;
                acc += (int32_t)p->filter[(fy * p->k_w + fx) * p->out_c + oc] *
                       ((int32_t)x[((b * p->in_h + iy) * p->in_w + ix) * p->in_c + ic] + p->input_offset);
              }
            }
            if (p->bias != NULL) acc = anvil_add_wrap(acc, p->bias[oc]);
            acc = anvil_mbqm(acc, p->multiplier[q], p->shift[q]) + p->output_offset;
            out[oc] = (int8_t)anvil_clamp(acc, p->act_min, p->act_max);
          }
        }
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_depthwise_conv2d_s8.c), shared by every node that calls it. */
anvil_status_t anvil_depthwise_conv2d_s8(const anvil_depthwise_conv2d_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
