/*
 * The parameters anvil_avgpool2d_s8 and anvil_maxpool2d_s8 share, and the window clipping
 * both do: TFLite's pooling counts only the taps inside the image, never the padding.
 */
#ifndef ANVIL_KERNELS_POOL2D_S8_PARAMS_H
#define ANVIL_KERNELS_POOL2D_S8_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"

typedef struct {
  int32_t batches, in_h, in_w, channels;
  int32_t out_h, out_w;
  int32_t filter_h, filter_w, stride_h, stride_w, pad_top, pad_left;
  int32_t act_min, act_max;
} anvil_pool2d_s8_params_t;

/* Pooling needs no workspace. */
ANVIL_INLINE size_t anvil_pool2d_s8_workspace_bytes(const anvil_pool2d_s8_params_t *p) {
  (void)p;
  return 0;
}

/*
 * Along one axis, for output position o: the input index of the window's first tap (*i0) and
 * the taps [*f0, *f1) that fall inside the image. The verifier guarantees f0 < f1.
 */
ANVIL_INLINE void anvil_pool2d_s8_window(int32_t o, int32_t stride, int32_t pad, int32_t filter, int32_t in, int32_t *i0, int32_t *f0,
                                         int32_t *f1) {
  *i0 = o * stride - pad;
  *f0 = *i0 < 0 ? -*i0 : 0;
  *f1 = filter < in - *i0 ? filter : in - *i0;
}

/*
 * The SIMD kernels' walk of one output pixel: the clipped window of output column ox in batch
 * b, whose filter rows [fy0, fy1) start at input row iy0 + fy0 (anvil_pool2d_s8_window along
 * the height), as its first tap and *rows × *cols taps, `channels` bytes apart within a row.
 * Whole input rows follow one another in memory, so they merge into one run (*rows 1).
 */
ANVIL_INLINE const int8_t *anvil_pool2d_s8_run(const anvil_pool2d_s8_params_t *p, const int8_t *x, int32_t b, int32_t iy0, int32_t fy0,
                                               int32_t fy1, int32_t ox, int32_t *rows, int32_t *cols) {
  int32_t ix0, fx0, fx1;
  anvil_pool2d_s8_window(ox, p->stride_w, p->pad_left, p->filter_w, p->in_w, &ix0, &fx0, &fx1);
  *rows = fy1 - fy0;
  *cols = fx1 - fx0;
  if (*cols == p->in_w) {
    *cols *= *rows;
    *rows = 1;
  }
  return x + ((b * p->in_h + iy0 + fy0) * p->in_w + ix0 + fx0) * p->channels;
}

#endif
