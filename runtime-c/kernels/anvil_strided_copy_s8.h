/*
 * anvil_strided_copy_s8: int8 TRANSPOSE and STRIDED_SLICE, portable C99, bit-exact with
 * TensorFlow Lite (both move bytes: the output is a selection of the input's elements).
 *
 * Layouts: output row-major over out_shape (ANVIL_KERNEL_MAX_DIMS axes, leading extents 1
 * when the tensor has fewer); output element i is read from x[base + sum(i[k] * in_stride[k])],
 * in_stride[k] being input elements per step of output axis k (a transpose's permuted input
 * strides; a slice's strides times the input's, negative when it walks backwards). The
 * compiler has checked every such offset lies inside the input. int8, no alignment needed.
 * Workspace: none.
 */
#ifndef ANVIL_KERNELS_STRIDED_COPY_S8_H
#define ANVIL_KERNELS_STRIDED_COPY_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/status.h"
#include "anvil_kernel_limits.h"

typedef struct {
  anvil_kernel_dims_t out_shape;
  anvil_kernel_dims_t in_stride;
  int32_t base;
} anvil_strided_copy_s8_params_t;

ANVIL_INLINE size_t anvil_strided_copy_s8_workspace_bytes(const anvil_strided_copy_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_strided_copy_s8_body(const anvil_strided_copy_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                       int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t *n = p->out_shape;
  const int32_t *s = p->in_stride;
  int8_t *out = y;
  int32_t i0, i1, i2, i3, i4, i5;
  (void)workspace;
  /* Offsets accumulate per axis so the innermost loop adds one stride per element. */
  for (i0 = 0; i0 < n[0]; ++i0) {
    const int32_t o0 = p->base + i0 * s[0];
    for (i1 = 0; i1 < n[1]; ++i1) {
      const int32_t o1 = o0 + i1 * s[1];
      for (i2 = 0; i2 < n[2]; ++i2) {
        const int32_t o2 = o1 + i2 * s[2];
        for (i3 = 0; i3 < n[3]; ++i3) {
          const int32_t o3 = o2 + i3 * s[3];
          for (i4 = 0; i4 < n[4]; ++i4) {
            const int32_t o4 = o3 + i4 * s[4];
            for (i5 = 0; i5 < n[5]; ++i5) *out++ = x[o4 + i5 * s[5]];
          }
        }
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_strided_copy_s8.c), shared by every node that calls it. */
anvil_status_t anvil_strided_copy_s8(const anvil_strided_copy_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
