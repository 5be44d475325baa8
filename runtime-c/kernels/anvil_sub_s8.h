/*
 * anvil_sub_s8: int8 SUB with broadcasting, portable C99, bit-exact with TensorFlow Lite's
 * reference kernel: both inputs lifted by 2^left_shift, rescaled to a common scale, the
 * second subtracted from the first, the difference rescaled to the output's. Not anvil_add_s8
 * with a negated multiplier: the rescale rounds a negative half towards zero, so the sign
 * must be applied after it.
 *
 * Layouts: output row-major over out_shape (ANVIL_KERNEL_MAX_DIMS axes, leading extents 1
 * when the tensors have fewer); each input is read at sum(index[k] * in<i>_stride[k]), with
 * stride 0 on the axes it is broadcast along. flat = 1 when neither input is broadcast: both
 * are then read in output order and the strides are ignored. All int8, no alignment needed;
 * an input may alias the other. Workspace: none.
 */
#ifndef ANVIL_KERNELS_SUB_S8_H
#define ANVIL_KERNELS_SUB_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"
#include "anvil_elementwise2_s8.h"
#include "anvil_kernel_limits.h"

typedef struct {
  int32_t flat;
  anvil_kernel_dims_t out_shape;
  anvil_kernel_dims_t in1_stride;
  anvil_kernel_dims_t in2_stride;
  int32_t left_shift;
  int32_t input1_offset, input1_multiplier, input1_shift;
  int32_t input2_offset, input2_multiplier, input2_shift;
  int32_t output_offset, output_multiplier, output_shift;
  int32_t act_min, act_max;
} anvil_sub_s8_params_t;

ANVIL_INLINE size_t anvil_sub_s8_workspace_bytes(const anvil_sub_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE int8_t anvil_sub_s8_one(const anvil_sub_s8_params_t *p, int8_t a, int8_t b) {
  const int32_t s1 = anvil_mbqm_lt1(((int32_t)a + p->input1_offset) * ((int32_t)1 << p->left_shift), p->input1_multiplier, p->input1_shift);
  const int32_t s2 = anvil_mbqm_lt1(((int32_t)b + p->input2_offset) * ((int32_t)1 << p->left_shift), p->input2_multiplier, p->input2_shift);
  const int32_t raw = anvil_mbqm_lt1(anvil_sub_wrap(s1, s2), p->output_multiplier, p->output_shift) + p->output_offset;
  return (int8_t)anvil_clamp(raw, p->act_min, p->act_max);
}

ANVIL_INLINE anvil_status_t anvil_sub_s8_body(const anvil_sub_s8_params_t *p, const int8_t *x1, const int8_t *x2, int8_t *ANVIL_RESTRICT y,
                                              void *ANVIL_RESTRICT workspace) {
  (void)workspace;
  ANVIL_ELEMENTWISE2_S8(p, x1, x2, y, anvil_sub_s8_one);
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_sub_s8.c), shared by every node that calls it. */
anvil_status_t anvil_sub_s8(const anvil_sub_s8_params_t *params, const int8_t *x1, const int8_t *x2, int8_t *y, void *workspace);

#endif
