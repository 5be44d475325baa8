/*
 * anvil_split_s8: int8 SPLIT and UNPACK, portable C99, bit-exact with TensorFlow Lite (a
 * byte de-interleave, the inverse of anvil_concatenation_s8).
 *
 * Layouts: the input is [outer_size][sum of slab] bytes, output j is [outer_size][slab[j]]
 * (the slabs being each output's extents from the axis on); outputs[] holds output_count
 * pointers. int8, no alignment needed. slab is a table, so the output count has no limit.
 * Workspace: none.
 */
#ifndef ANVIL_KERNELS_SPLIT_S8_H
#define ANVIL_KERNELS_SPLIT_S8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/status.h"

typedef struct {
  int32_t outer_size, output_count;
  const int32_t *slab;
} anvil_split_s8_params_t;

ANVIL_INLINE size_t anvil_split_s8_workspace_bytes(const anvil_split_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_split_s8_body(const anvil_split_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int8_t *const outputs[],
                                                void *ANVIL_RESTRICT workspace) {
  const int8_t *in = x;
  int32_t outer, j;
  (void)workspace;
  for (outer = 0; outer < p->outer_size; ++outer) {
    for (j = 0; j < p->output_count; ++j) {
      const int32_t size = p->slab[j];
      memcpy(outputs[j] + outer * size, in, (size_t)size);
      in += size;
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_split_s8.c), shared by every node that calls it. */
anvil_status_t anvil_split_s8(const anvil_split_s8_params_t *params, const int8_t *x, int8_t *const outputs[], void *workspace);

#endif
