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

#endif
