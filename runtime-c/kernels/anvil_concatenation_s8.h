/*
 * anvil_concatenation_s8: int8 CONCATENATION of inputs sharing one quantization, portable
 * C99, bit-exact with TensorFlow Lite (a byte interleave).
 *
 * Layouts: input i is [outer_size][slab[i]] bytes, the output [outer_size][sum of slab]
 * (the slabs being each tensor's extents from the axis on); inputs[] holds input_count
 * pointers. int8, no alignment needed. slab is a table rather than a fixed-size array, so
 * the input count has no limit. Workspace: none.
 */
#ifndef ANVIL_KERNELS_CONCATENATION_S8_H
#define ANVIL_KERNELS_CONCATENATION_S8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/status.h"

typedef struct {
  int32_t outer_size, input_count;
  const int32_t *slab;
} anvil_concatenation_s8_params_t;

ANVIL_INLINE size_t anvil_concatenation_s8_workspace_bytes(const anvil_concatenation_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_concatenation_s8_body(const anvil_concatenation_s8_params_t *p, const int8_t *const inputs[],
                                                        int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int8_t *out = y;
  int32_t outer, i;
  (void)workspace;
  for (outer = 0; outer < p->outer_size; ++outer) {
    for (i = 0; i < p->input_count; ++i) {
      const int32_t size = p->slab[i];
      memcpy(out, inputs[i] + outer * size, (size_t)size);
      out += size;
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_concatenation_s8.c), shared by every node that calls it. */
anvil_status_t anvil_concatenation_s8(const anvil_concatenation_s8_params_t *params, const int8_t *const inputs[], int8_t *y, void *workspace);

#endif
