/*
 * anvil_pad_s8: int8 PAD and PADV2, portable C99, bit-exact with TensorFlow Lite: the output
 * is filled with pad_value, then the input copied in row by row.
 *
 * Layouts: input row-major over in_shape (ANVIL_KERNEL_MAX_DIMS axes, leading extents 1 when
 * the tensor has fewer); its rows of in_shape[last] bytes land in the output at
 * base + sum(i[k] * out_stride[k]), base being the offset of the first input element in the
 * output; out_stride[last] must be 1. Output: out_count bytes. int8, no alignment needed.
 * Workspace: none.
 */
#ifndef ANVIL_KERNELS_PAD_S8_H
#define ANVIL_KERNELS_PAD_S8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/status.h"
#include "anvil_kernel_limits.h"

typedef struct {
  anvil_kernel_dims_t in_shape;
  anvil_kernel_dims_t out_stride;
  int32_t base, out_count;
  /* PAD: the output zero point; PADV2: its constant value. */
  int32_t pad_value;
} anvil_pad_s8_params_t;

ANVIL_INLINE size_t anvil_pad_s8_workspace_bytes(const anvil_pad_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_pad_s8_body(const anvil_pad_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                              void *ANVIL_RESTRICT workspace) {
  const int32_t *n = p->in_shape;
  const int32_t *s = p->out_stride;
  const int8_t *in = x;
  const size_t row = (size_t)n[ANVIL_KERNEL_MAX_DIMS - 1];
  int32_t i0, i1, i2, i3, i4;
  (void)workspace;
  memset(y, p->pad_value, (size_t)p->out_count);
  for (i0 = 0; i0 < n[0]; ++i0) {
    const int32_t o0 = p->base + i0 * s[0];
    for (i1 = 0; i1 < n[1]; ++i1) {
      const int32_t o1 = o0 + i1 * s[1];
      for (i2 = 0; i2 < n[2]; ++i2) {
        const int32_t o2 = o1 + i2 * s[2];
        for (i3 = 0; i3 < n[3]; ++i3) {
          const int32_t o3 = o2 + i3 * s[3];
          for (i4 = 0; i4 < n[4]; ++i4) {
            memcpy(y + o3 + i4 * s[4], in, row);
            in += row;
          }
        }
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_pad_s8.c), shared by every node that calls it. */
anvil_status_t anvil_pad_s8(const anvil_pad_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
