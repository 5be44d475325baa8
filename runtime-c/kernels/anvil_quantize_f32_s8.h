/*
 * anvil_quantize_f32_s8: QUANTIZE float32 → int8, portable C99, bit-exact with TensorFlow
 * Lite's reference kernel: divide by the scale in float, round half away from zero (roundf),
 * add the zero point, saturate. A quotient out of int32's range becomes INT32_MIN, which is
 * what the reference's x86 build produces for the undefined cast.
 *
 * Layouts: count elements, float in, int8 out, no alignment beyond the types'. Workspace:
 * none. Needs the C maths library (roundf).
 */
#ifndef ANVIL_KERNELS_QUANTIZE_F32_S8_H
#define ANVIL_KERNELS_QUANTIZE_F32_S8_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"

typedef struct {
  int32_t count;
  float scale;
  int32_t zero_point;
} anvil_quantize_f32_s8_params_t;

ANVIL_INLINE size_t anvil_quantize_f32_s8_workspace_bytes(const anvil_quantize_f32_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_quantize_f32_s8_body(const anvil_quantize_f32_s8_params_t *p, const float *ANVIL_RESTRICT x,
                                                       int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int32_t i;
  (void)workspace;
  for (i = 0; i < p->count; ++i) {
    const float r = roundf(x[i] / p->scale);
    const int32_t q = (r >= -2147483648.0f && r < 2147483648.0f) ? (int32_t)r : INT32_MIN;
    y[i] = (int8_t)anvil_clamp(anvil_add_wrap(q, p->zero_point), -128, 127);
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_quantize_f32_s8.c), shared by every node that calls it. */
anvil_status_t anvil_quantize_f32_s8(const anvil_quantize_f32_s8_params_t *params, const float *x, int8_t *y, void *workspace);

#endif
