/*
 * anvil_dequantize_s8_f32: DEQUANTIZE int8 → float32, portable C99, bit-exact with
 * TensorFlow Lite's reference kernel: (q - zero_point) * scale multiplied in double and
 * rounded once to float.
 *
 * Layouts: count elements, int8 in, float out, no alignment beyond the types'. Workspace:
 * none.
 */
#ifndef ANVIL_KERNELS_DEQUANTIZE_S8_F32_H
#define ANVIL_KERNELS_DEQUANTIZE_S8_F32_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/status.h"

typedef struct {
  int32_t count;
  float scale;
  int32_t zero_point;
} anvil_dequantize_s8_f32_params_t;

ANVIL_INLINE size_t anvil_dequantize_s8_f32_workspace_bytes(const anvil_dequantize_s8_f32_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_dequantize_s8_f32_body(const anvil_dequantize_s8_f32_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                         float *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int32_t i;
  (void)workspace;
  for (i = 0; i < p->count; ++i) y[i] = (float)((double)p->scale * (double)((int32_t)x[i] - p->zero_point));
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_dequantize_s8_f32.c), shared by every node that calls it. */
anvil_status_t anvil_dequantize_s8_f32(const anvil_dequantize_s8_f32_params_t *params, const int8_t *x, float *y, void *workspace);

#endif
