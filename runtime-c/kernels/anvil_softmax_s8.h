/*
 * anvil_softmax_s8: int8 softmax over the last axis, portable C99, bit-exact with TensorFlow
 * Lite's reference kernel: per row, exp of the difference from the row's maximum in fixed
 * point, the reciprocal of their sum, each exp scaled by it. Output quantization is TFLite's
 * fixed one for int8 softmax (scale 1/256, zero point -128).
 *
 * Layouts: input and output [rows][depth], int8, no alignment needed. Workspace: depth int32
 * (the row's exps), 4-byte aligned. Returns ANVIL_ERR_KERNEL for a row whose sum needs a
 * shift past 31 bits, which the reference refuses too.
 */
#ifndef ANVIL_KERNELS_SOFTMAX_S8_H
#define ANVIL_KERNELS_SOFTMAX_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/internal/gemmlowp.h"
#include "anvil/status.h"

/* TFLite's fixed-point formats for int8 softmax: diffs in Q5.26, the sum of exps in Q12.19. */
#define ANVIL_SOFTMAX_SCALED_DIFF_INTEGER_BITS 5
#define ANVIL_SOFTMAX_ACCUMULATION_INTEGER_BITS 12

typedef struct {
  int32_t rows, depth;
  int32_t input_multiplier, input_left_shift;
  /* Diffs below this contribute nothing (their exp underflows): output -128. */
  int32_t diff_min;
} anvil_softmax_s8_params_t;

ANVIL_INLINE size_t anvil_softmax_s8_workspace_bytes(const anvil_softmax_s8_params_t *p) {
  return (size_t)p->depth * sizeof(int32_t);
}

ANVIL_INLINE anvil_status_t anvil_softmax_s8_body(const anvil_softmax_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                                  void *ANVIL_RESTRICT workspace) {
  int32_t *exps = (int32_t *)workspace;
  int32_t r, c;
  for (r = 0; r < p->rows; ++r) {
    const int8_t *in = x + r * p->depth;
    int8_t *out = y + r * p->depth;
    int32_t max_in_row = -128;
    int32_t sum_of_exps = 0;
    int num_bits_over_unit;
    int32_t scale;
    int32_t exponent;
    for (c = 0; c < p->depth; ++c)
      if (in[c] > max_in_row) max_in_row = in[c];
    for (c = 0; c < p->depth; ++c) {
      const int32_t diff = (int32_t)in[c] - max_in_row;
      if (diff < p->diff_min) continue;
      exps[c] = anvil_exp_on_negative_values(anvil_mbqm_gt1(diff, p->input_multiplier, p->input_left_shift),
                                             ANVIL_SOFTMAX_SCALED_DIFF_INTEGER_BITS);
      sum_of_exps = anvil_add_wrap(sum_of_exps, anvil_rdbpot(exps[c], ANVIL_SOFTMAX_ACCUMULATION_INTEGER_BITS));
    }
    scale = anvil_reciprocal(sum_of_exps, ANVIL_SOFTMAX_ACCUMULATION_INTEGER_BITS, &num_bits_over_unit);
    exponent = num_bits_over_unit + 31 - 8;
    /* Rows of hundreds of near-equal values push the shift past 31; the reference refuses them too. */
    if (exponent < 0 || exponent > 31) return ANVIL_ERR_KERNEL;
    for (c = 0; c < p->depth; ++c) {
      const int32_t diff = (int32_t)in[c] - max_in_row;
      if (diff < p->diff_min) {
        out[c] = -128;
      } else {
        const int32_t unsat = anvil_rdbpot(anvil_srdhm(scale, exps[c]), exponent);
        out[c] = (int8_t)anvil_clamp(unsat - 128, -128, 127);
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_softmax_s8.c), shared by every node that calls it. */
anvil_status_t anvil_softmax_s8(const anvil_softmax_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
