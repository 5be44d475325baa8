/*
 * anvil_fully_connected_s8: int8 fully connected layer, portable C99, bit-exact with
 * TensorFlow Lite's reference kernel.
 *
 * Layouts: input [batches][depth], weights [units][depth], output [batches][units], all
 * int8, no alignment needed. Bias: int32 per unit, or NULL. weights_offset is the negated
 * weights zero point (0 when quantized per channel). Requantization per unit (or one for all
 * when per_channel is 0): TFLite's multiplier and shift. Workspace: none.
 */
#ifndef ANVIL_KERNELS_FULLY_CONNECTED_S8_H
#define ANVIL_KERNELS_FULLY_CONNECTED_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"

typedef struct {
  int32_t batches, units, depth;
  int32_t input_offset, weights_offset, output_offset, act_min, act_max;
  /* 1: multiplier and shift hold one entry per unit; 0: one entry for all. */
  int32_t per_channel;
  const int8_t *weights;
  const int32_t *bias;
  const int32_t *multiplier;
  const int8_t *shift;
} anvil_fully_connected_s8_params_t;

ANVIL_INLINE size_t anvil_fully_connected_s8_workspace_bytes(const anvil_fully_connected_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_fully_connected_s8_body(const anvil_fully_connected_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                          int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int32_t b, oc, d;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *in = x + b * p->depth;
    for (oc = 0; oc < p->units; ++oc) {
      const int8_t *w = p->weights + oc * p->depth;
      const int32_t q = p->per_channel ? oc : 0;
      int32_t acc = 0;
      for (d = 0; d < p->depth; ++d) acc += ((int32_t)w[d] + p->weights_offset) * ((int32_t)in[d] + p->input_offset);
      if (p->bias != NULL) acc = anvil_add_wrap(acc, p->bias[oc]);
      acc = anvil_mbqm(acc, p->multiplier[q], p->shift[q]) + p->output_offset;
      y[b * p->units + oc] = (int8_t)anvil_clamp(acc, p->act_min, p->act_max);
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_fully_connected_s8.c), shared by every node that calls it. */
anvil_status_t anvil_fully_connected_s8(const anvil_fully_connected_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
