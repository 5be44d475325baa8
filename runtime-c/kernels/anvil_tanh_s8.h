/*
 * anvil_tanh_s8: int8 TANH, portable C99, bit-exact with TensorFlow Lite's reference kernel:
 * inputs beyond the radius saturate, the rest go through gemmlowp's tanh in Q4.27. The input
 * is prepared as anvil_logistic_s8's; the output is Q0.7 (scale 1/128, zero point 0).
 *
 * Layouts: count elements, int8 in and out, no alignment needed. Workspace: none.
 */
#ifndef ANVIL_KERNELS_TANH_S8_H
#define ANVIL_KERNELS_TANH_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/internal/gemmlowp.h"
#include "anvil/status.h"

/* The input's fixed-point format after rescaling: Q4.27. */
#define ANVIL_TANH_INPUT_INTEGER_BITS 4

typedef struct {
  int32_t count;
  int32_t input_zero_point, input_range_radius;
  int32_t input_multiplier, input_left_shift;
} anvil_tanh_s8_params_t;

ANVIL_INLINE size_t anvil_tanh_s8_workspace_bytes(const anvil_tanh_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_tanh_s8_body(const anvil_tanh_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                   int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int32_t i;
  (void)workspace;
  for (i = 0; i < p->count; ++i) {
    const int32_t v = (int32_t)x[i] - p->input_zero_point;
    if (v <= -p->input_range_radius) {
      y[i] = -128;
    } else if (v >= p->input_range_radius) {
      y[i] = 127;
    } else {
      const int32_t in_q4 = anvil_mbqm(v, p->input_multiplier, p->input_left_shift);
      const int32_t out_q0 = anvil_tanh_q(in_q4, ANVIL_TANH_INPUT_INTEGER_BITS);
      y[i] = (int8_t)anvil_clamp(anvil_rdbpot(out_q0, 24), -128, 127);
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_tanh_s8.c), shared by every node that calls it. */
anvil_status_t anvil_tanh_s8(const anvil_tanh_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
