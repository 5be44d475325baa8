/*
 * anvil_gather_s8: int8 GATHER with int32 indices and batch_dims 0, portable C99, bit-exact
 * with TensorFlow Lite.
 *
 * Layouts: the params x0 are [outer_size][axis_size][inner_size] bytes, the indices x1
 * index_count int32 values (a constant or computed), the output
 * [outer_size][index_count][inner_size]. Every index is checked against [0, axis_size) before
 * anything is written: one outside returns ANVIL_ERR_KERNEL (TFLite Micro fails the
 * invocation too) and nothing is read out of bounds. x1 needs int32 alignment. Workspace: none.
 */
#ifndef ANVIL_KERNELS_GATHER_S8_H
#define ANVIL_KERNELS_GATHER_S8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/status.h"

typedef struct {
  int32_t outer_size, axis_size, inner_size, index_count;
} anvil_gather_s8_params_t;

ANVIL_INLINE size_t anvil_gather_s8_workspace_bytes(const anvil_gather_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_gather_s8_body(const anvil_gather_s8_params_t *p, const int8_t *ANVIL_RESTRICT x0,
                                                 const int32_t *ANVIL_RESTRICT x1, int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const size_t inner = (size_t)p->inner_size;
  int8_t *out = y;
  int32_t outer, i;
  (void)workspace;
  for (i = 0; i < p->index_count; ++i) {
    if (x1[i] < 0 || x1[i] >= p->axis_size) return ANVIL_ERR_KERNEL;
  }
  for (outer = 0; outer < p->outer_size; ++outer) {
    const int8_t *slab = x0 + (size_t)outer * (size_t)p->axis_size * inner;
    for (i = 0; i < p->index_count; ++i) {
      memcpy(out, slab + (size_t)x1[i] * inner, inner);
      out += inner;
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_gather_s8.c), shared by every node that calls it. */
anvil_status_t anvil_gather_s8(const anvil_gather_s8_params_t *params, const int8_t *x0, const int32_t *x1, int8_t *y, void *workspace);

#endif
