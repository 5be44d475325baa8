/*
 * anvil_minimum_s8: int8 MINIMUM with broadcasting, portable C99, bit-exact with TensorFlow Lite's
 * reference kernel: the smaller stored value of each pair, unchanged (the compiler has checked
 * both inputs and the output share one quantization).
 *
 * Layouts: output row-major over out_shape (ANVIL_KERNEL_MAX_DIMS axes, leading extents 1
 * when the tensors have fewer); each input is read at sum(index[k] * in<i>_stride[k]), with
 * stride 0 on the axes it is broadcast along. flat = 1 when neither input is broadcast: both
 * are then read in output order and the strides are ignored. All int8, no alignment needed;
 * an input may alias the other. Workspace: none.
 */
#ifndef ANVIL_KERNELS_MINIMUM_S8_H
#define ANVIL_KERNELS_MINIMUM_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/status.h"
#include "anvil_elementwise2_s8.h"
#include "anvil_kernel_limits.h"

typedef struct {
  int32_t flat;
  anvil_kernel_dims_t out_shape;
  anvil_kernel_dims_t in1_stride;
  anvil_kernel_dims_t in2_stride;
} anvil_minimum_s8_params_t;

ANVIL_INLINE size_t anvil_minimum_s8_workspace_bytes(const anvil_minimum_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE int8_t anvil_minimum_s8_one(const anvil_minimum_s8_params_t *p, int8_t a, int8_t b) {
  (void)p;
  return a < b ? a : b;
}

ANVIL_INLINE anvil_status_t anvil_minimum_s8_body(const anvil_minimum_s8_params_t *p, const int8_t *x1, const int8_t *x2, int8_t *ANVIL_RESTRICT y,
                                              void *ANVIL_RESTRICT workspace) {
  (void)workspace;
  ANVIL_ELEMENTWISE2_S8(p, x1, x2, y, anvil_minimum_s8_one);
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_minimum_s8.c), shared by every node that calls it. */
anvil_status_t anvil_minimum_s8(const anvil_minimum_s8_params_t *params, const int8_t *x1, const int8_t *x2, int8_t *y, void *workspace);

#endif
