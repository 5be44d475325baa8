/*
 * anvil_svdf_s8: SVDF with int8 input and output, int8 feature weights, int16 time weights
 * and int16 state, portable C99, bit-exact with TensorFlow Lite Micro's integer kernel.
 *
 * Per invocation and batch row: every filter's memory moves one step older and its newest
 * slot receives the feature projection of the input, requantized to int16 and saturated;
 * each output unit is its bias plus, over its `rank` filters, the memory weighted by the time
 * weights (int32, wrapping), requantized to int8. No fused activation (TFLM applies none).
 *
 * Layouts: input [batch][input_size], feature weights [filters][input_size], time weights
 * [filters][memory], bias [units] int32 or NULL, output [batch][units]; `state`
 * [batch][filters][memory] int16 is the model's persistent state, updated in place.
 * Workspace: none.
 */
#ifndef ANVIL_KERNELS_SVDF_S8_H
#define ANVIL_KERNELS_SVDF_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"

typedef struct {
  int32_t batch, input_size, filters, memory, units, rank;
  int32_t input_zero_point, output_zero_point;
  int32_t feature_multiplier, feature_shift;
  int32_t output_multiplier, output_shift;
  const int8_t *weights_feature;
  const int16_t *weights_time;
  const int32_t *bias;
  int16_t *state;
} anvil_svdf_s8_params_t;

ANVIL_INLINE size_t anvil_svdf_s8_workspace_bytes(const anvil_svdf_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_svdf_s8_body(const anvil_svdf_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                               void *ANVIL_RESTRICT workspace) {
  const int32_t total = p->batch * p->filters * p->memory;
  int32_t i, b, f, c, u, j;
  (void)workspace;
  /* One element older across the whole buffer: each filter's oldest slot lands in the previous
     filter's newest, which the projection below overwrites. */
  for (i = 0; i + 1 < total; ++i) p->state[i] = p->state[i + 1];
  for (b = 0; b < p->batch; ++b) {
    const int8_t *in = x + b * p->input_size;
    int16_t *mem = p->state + b * p->filters * p->memory;
    for (f = 0; f < p->filters; ++f) {
      const int8_t *w = p->weights_feature + f * p->input_size;
      int32_t dot = 0;
      for (c = 0; c < p->input_size; ++c) dot += (int32_t)w[c] * ((int32_t)in[c] - p->input_zero_point);
      mem[f * p->memory + p->memory - 1] = (int16_t)anvil_clamp(anvil_mbqm(dot, p->feature_multiplier, p->feature_shift), INT16_MIN, INT16_MAX);
    }
    for (u = 0; u < p->units; ++u) {
      int32_t acc = p->bias != NULL ? p->bias[u] : 0;
      for (f = u * p->rank; f < (u + 1) * p->rank; ++f)
        for (j = 0; j < p->memory; ++j)
          acc = anvil_add_wrap(acc, (int32_t)p->weights_time[f * p->memory + j] * mem[f * p->memory + j]);
      acc = anvil_mbqm(acc, p->output_multiplier, p->output_shift) + p->output_zero_point;
      y[b * p->units + u] = (int8_t)anvil_clamp(acc, INT8_MIN, INT8_MAX);
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_svdf_s8.c), shared by every node that calls it. */
anvil_status_t anvil_svdf_s8(const anvil_svdf_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
