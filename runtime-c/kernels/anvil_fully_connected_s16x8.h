/*
 * anvil_fully_connected_s16x8: fully connected layer with int16 activations and int8 weights,
 * portable C99, bit-exact with TensorFlow Lite's reference_integer_ops::FullyConnected for
 * int16 (tensorflow/lite/kernels/internal/reference/integer_ops/fully_connected.h).
 *
 * Layouts: input [batches][depth] int16, weights [units][depth] int8, output [batches][units]
 * int16. int16 activations are symmetric (zero point 0), so there is no input or output
 * offset. Bias: int64 per unit, or NULL (an int32 bias is widened by the caller).
 * Requantization per unit (or one for all when per_channel is 0) with TFLite's int64
 * MultiplyByQuantizedMultiplier (anvil_mbqm64). Workspace: none.
 */
#ifndef ANVIL_KERNELS_FULLY_CONNECTED_S16X8_H
#define ANVIL_KERNELS_FULLY_CONNECTED_S16X8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"

typedef struct {
  int32_t batches, units, depth;
  int32_t weights_offset, act_min, act_max;
  /* 1: multiplier and shift hold one entry per unit; 0: one entry for all. */
  int32_t per_channel;
  const int8_t *weights;
  const int64_t *bias;
  const int32_t *multiplier;
  const int8_t *shift;
} anvil_fully_connected_s16x8_params_t;

ANVIL_INLINE size_t anvil_fully_connected_s16x8_workspace_bytes(const anvil_fully_connected_s16x8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_fully_connected_s16x8_body(const anvil_fully_connected_s16x8_params_t *p, const int16_t *ANVIL_RESTRICT x,
                                                             int16_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int32_t b, oc, d;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    const int16_t *in = x + b * p->depth;
    for (oc = 0; oc < p->units; ++oc) {
      const int8_t *w = p->weights + oc * p->depth;
      const int32_t q = p->per_channel ? oc : 0;
      int64_t acc = 0;
      for (d = 0; d < p->depth; ++d) acc += (int64_t)(((int32_t)w[d] + p->weights_offset) * (int32_t)in[d]);
      if (p->bias != NULL) acc += p->bias[oc];
      y[b * p->units + oc] = (int16_t)anvil_clamp(anvil_mbqm64(acc, p->multiplier[q], p->shift[q]), p->act_min, p->act_max);
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_fully_connected_s16x8.c). */
anvil_status_t anvil_fully_connected_s16x8(const anvil_fully_connected_s16x8_params_t *params, const int16_t *x, int16_t *y, void *workspace);

#endif
