/*
 * anvil_mean_s8: int8 MEAN over any set of axes, portable C99, bit-exact with TensorFlow
 * Lite's QuantizedMeanOrSum: wrapping int32 sums per output, minus zero point × count in 64
 * bits, one rescale with the division by the count folded into the multiplier.
 *
 * Layouts: input row-major over in_shape (ANVIL_KERNEL_MAX_DIMS axes, leading extents 1 when
 * the tensor has fewer); input element at index i adds into output sum(i[k] * out_stride[k]),
 * out_stride being 0 on the reduced axes. Output: out_count elements. int8, no alignment
 * needed. Workspace: out_count int32 (the sums), 4-byte aligned.
 */
#ifndef ANVIL_KERNELS_MEAN_S8_H
#define ANVIL_KERNELS_MEAN_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"
#include "anvil_kernel_limits.h"

typedef struct {
  anvil_kernel_dims_t in_shape;
  anvil_kernel_dims_t out_stride;
  int32_t out_count;
  /* Input elements per output: the product of the reduced extents. */
  int32_t reduced_count;
  int32_t input_zero_point, output_zero_point;
  /* input_scale / output_scale / reduced_count, as TFLite folds it. */
  int32_t output_multiplier, output_shift;
} anvil_mean_s8_params_t;

ANVIL_INLINE size_t anvil_mean_s8_workspace_bytes(const anvil_mean_s8_params_t *p) {
  return (size_t)p->out_count * sizeof(int32_t);
}

ANVIL_INLINE anvil_status_t anvil_mean_s8_body(const anvil_mean_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                               void *ANVIL_RESTRICT workspace) {
  int32_t *sums = (int32_t *)workspace;
  const int32_t *n = p->in_shape;
  const int32_t *s = p->out_stride;
  const int8_t *in = x;
  int32_t j, i0, i1, i2, i3, i4, i5;
  for (j = 0; j < p->out_count; ++j) sums[j] = 0;
  for (i0 = 0; i0 < n[0]; ++i0) {
    const int32_t o0 = i0 * s[0];
    for (i1 = 0; i1 < n[1]; ++i1) {
      const int32_t o1 = o0 + i1 * s[1];
      for (i2 = 0; i2 < n[2]; ++i2) {
        const int32_t o2 = o1 + i2 * s[2];
        for (i3 = 0; i3 < n[3]; ++i3) {
          const int32_t o3 = o2 + i3 * s[3];
          for (i4 = 0; i4 < n[4]; ++i4) {
            const int32_t o4 = o3 + i4 * s[4];
            for (i5 = 0; i5 < n[5]; ++i5) {
              const int32_t o = o4 + i5 * s[5];
              sums[o] = anvil_add_wrap(sums[o], *in++);
            }
          }
        }
      }
    }
  }
  for (j = 0; j < p->out_count; ++j) {
    const int32_t shifted = (int32_t)((int64_t)sums[j] - (int64_t)p->input_zero_point * p->reduced_count);
    const int32_t scaled = anvil_mbqm(shifted, p->output_multiplier, p->output_shift);
    y[j] = (int8_t)anvil_clamp(scaled + p->output_zero_point, -128, 127);
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_mean_s8.c), shared by every node that calls it. */
anvil_status_t anvil_mean_s8(const anvil_mean_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
