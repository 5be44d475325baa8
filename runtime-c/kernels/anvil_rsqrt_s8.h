/*
 * anvil_rsqrt_s8: int8 RSQRT (1/√x), portable C99. TensorFlow Lite Micro computes each element
 * with a Newton-Raphson reciprocal root in fixed point and two rescales; an int8 input has only
 * 256 values, so the compiler evaluates exactly that arithmetic (the interpreter's) for each of
 * them and passes the results as a table, which this kernel looks up. Inputs below the input
 * zero point (negative real values) are refused, as the reference refuses them.
 *
 * Layouts: count elements, int8 in and out, no alignment needed. Workspace: none. Returns
 * ANVIL_ERR_KERNEL at the first negative input; the outputs before it are written.
 */
#ifndef ANVIL_KERNELS_RSQRT_S8_H
#define ANVIL_KERNELS_RSQRT_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/status.h"

typedef struct {
  int32_t count;
  /* The lowest valid input: the input zero point. */
  int32_t min_input;
  /* 256 outputs, indexed by input + 128. */
  const int8_t *table;
} anvil_rsqrt_s8_params_t;

ANVIL_INLINE size_t anvil_rsqrt_s8_workspace_bytes(const anvil_rsqrt_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_rsqrt_s8_body(const anvil_rsqrt_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int32_t i;
  (void)workspace;
  for (i = 0; i < p->count; ++i) {
    const int32_t v = (int32_t)x[i];
    if (v < p->min_input) return ANVIL_ERR_KERNEL;
    y[i] = p->table[v + 128];
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_rsqrt_s8.c), shared by every node that calls it. */
anvil_status_t anvil_rsqrt_s8(const anvil_rsqrt_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
