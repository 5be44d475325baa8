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
#include "anvil_pool2d_s8_params.h"

typedef anvil_pool2d_s8_params_t anvil_maxpool2d_s8_params_t;

ANVIL_INLINE size_t anvil_maxpool2d_s8_workspace_bytes(const anvil_maxpool2d_s8_params_t *p) { return anvil_pool2d_s8_workspace_bytes(p); }

ANVIL_INLINE anvil_status_t anvil_maxpool2d_s8_body(const anvil_maxpool2d_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                    int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int8_t *out = y;
  int32_t b, oy, ox, c, fy, fx;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    for (oy = 0; oy < p->out_h; ++oy) {
      int32_t iy0, fy0, fy1;
      anvil_pool2d_s8_window(oy, p->stride_h, p->pad_top, p->filter_h, p->in_h, &iy0, &fy0, &fy1);
      for (ox = 0; ox < p->out_w; ++ox) {
        int32_t ix0, fx0, fx1;
        anvil_pool2d_s8_window(ox, p->stride_w, p->pad_left, p->filter_w, p->in_w, &ix0, &fx0, &fx1);
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
