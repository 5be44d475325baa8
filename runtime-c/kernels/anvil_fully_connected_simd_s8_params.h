/*
 * The parameters anvil_fully_connected_dsp_s8 and anvil_fully_connected_mve_s8 share.
 *
 * Symmetric weights only (weights offset 0, as TFLite's int8 fully connected always has). The
 * accumulators start from `bias`, which already holds bias[u] + input_offset · Σ w[u], so the
 * loops multiply raw int8 inputs. Requantization is anvil_mbqm_split with the shift split into
 * left and right beforehand (exact because no multiplier is INT32_MIN, which the generator
 * checks).
 */
#ifndef ANVIL_KERNELS_FULLY_CONNECTED_SIMD_S8_PARAMS_H
#define ANVIL_KERNELS_FULLY_CONNECTED_SIMD_S8_PARAMS_H

#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"

typedef struct {
  int32_t batches, depth, units;
  /* 1: multiplier, left and right hold one entry per unit; 0: one entry for all. */
  int32_t per_channel;
  int32_t output_offset, act_min, act_max;
  /* [units][depth] */
  const int8_t *weights;
  /* Per unit, with the input offset folded in (see above). */
  const int32_t *bias;
  const int32_t *multiplier;
  const uint8_t *left;
  const uint8_t *right;
} anvil_fully_connected_simd_s8_params_t;

/* The int8 output of unit u's accumulator. */
ANVIL_INLINE int8_t anvil_fully_connected_simd_s8_out(const anvil_fully_connected_simd_s8_params_t *p, int32_t acc, int32_t u) {
  const int32_t q = p->per_channel ? u : 0;
  return (int8_t)anvil_clamp(anvil_mbqm_split(acc, p->multiplier[q], p->left[q], p->right[q]) + p->output_offset, p->act_min, p->act_max);
}

#endif
