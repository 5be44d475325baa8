/*
 * anvil_requantize_s8: QUANTIZE int8 → int8 (a change of scale and zero point), portable
 * C99, bit-exact with TensorFlow Lite's reference kernel.
 *
 * Layouts: count elements, int8 in and out, no alignment needed. Workspace: none.
 */
#ifndef ANVIL_KERNELS_REQUANTIZE_S8_H
#define ANVIL_KERNELS_REQUANTIZE_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"

typedef struct {
  int32_t count;
  int32_t input_zero_point, output_zero_point;
  int32_t multiplier, shift;
} anvil_requantize_s8_params_t;

ANVIL_INLINE size_t anvil_requantize_s8_workspace_bytes(const anvil_requantize_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_requantize_s8_body(const anvil_requantize_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                     int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int32_t i;
  (void)workspace;
  for (i = 0; i < p->count; ++i) {
    const int32_t scaled = anvil_mbqm((int32_t)x[i] - p->input_zero_point, p->multiplier, p->shift);
    y[i] = (int8_t)anvil_clamp(scaled + p->output_zero_point, -128, 127);
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_requantize_s8.c), shared by every node that calls it. */
anvil_status_t anvil_requantize_s8(const anvil_requantize_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
