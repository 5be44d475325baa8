/*
 * anvil_maxpool2d_s8: int8 max pooling, portable C99, bit-exact with TensorFlow Lite's
 * reference kernel: the window is clipped to the image, so padding never counts.
 *
 * Layouts: input [batches][in_h][in_w][channels], output [batches][out_h][out_w][channels],
 * int8, no alignment needed. Every window must overlap the image (the compiler's verifier
 * guarantees it). Workspace: none.
 */
#ifndef ANVIL_KERNELS_MAXPOOL2D_S8_H
#define ANVIL_KERNELS_MAXPOOL2D_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"

typedef struct {
  int32_t batches, in_h, in_w, channels;
  int32_t out_h, out_w;
  int32_t filter_h, filter_w, stride_h, stride_w, pad_top, pad_left;
  int32_t act_min, act_max;
} anvil_maxpool2d_s8_params_t;

ANVIL_INLINE size_t anvil_maxpool2d_s8_workspace_bytes(const anvil_maxpool2d_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_maxpool2d_s8_body(const anvil_maxpool2d_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                    int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int8_t *out = y;
  int32_t b, oy, ox, c, fy, fx;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    for (oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      const int32_t fy0 = iy0 < 0 ? -iy0 : 0;
      const int32_t fy1 = p->filter_h < p->in_h - iy0 ? p->filter_h : p->in_h - iy0;
      for (ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_left;
        const int32_t fx0 = ix0 < 0 ? -ix0 : 0;
        const int32_t fx1 = p->filter_w < p->in_w - ix0 ? p->filter_w : p->in_w - ix0;
        for (c = 0; c < p->channels; ++c) {
          int32_t max = -128;
          for (fy = fy0; fy < fy1; ++fy) {
            for (fx = fx0; fx < fx1; ++fx) {
              const int32_t v = x[((b * p->in_h + iy0 + fy) * p->in_w + ix0 + fx) * p->channels + c];
              if (v > max) max = v;
            }
          }
          *out++ = (int8_t)anvil_clamp(max, p->act_min, p->act_max);
        }
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_maxpool2d_s8.c), shared by every node that calls it. */
anvil_status_t anvil_maxpool2d_s8(const anvil_maxpool2d_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
