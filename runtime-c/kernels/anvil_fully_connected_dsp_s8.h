/*
 * anvil_fully_connected_dsp_s8: int8 fully connected with the Armv7E-M DSP extension (SXTB16 +
 * SMLAD), bit-exact with TensorFlow Lite's reference kernel.
 *
 * Layouts: input [batches][depth], weights [units][depth], output [batches][units], all int8,
 * no alignment needed. Bias: the folded table of anvil_fully_connected_simd_s8_params.h.
 * Requantization per unit, or one for all. Workspace: none.
 *
 * Four units at a time share each load of the input vector.
 */
#ifndef ANVIL_KERNELS_FULLY_CONNECTED_DSP_S8_H
#define ANVIL_KERNELS_FULLY_CONNECTED_DSP_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_dsp.h"
#include "anvil/status.h"
#include "anvil_fully_connected_simd_s8_params.h"

typedef anvil_fully_connected_simd_s8_params_t anvil_fully_connected_dsp_s8_params_t;

ANVIL_INLINE size_t anvil_fully_connected_dsp_s8_workspace_bytes(const anvil_fully_connected_dsp_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_fully_connected_dsp_s8_body(const anvil_fully_connected_dsp_s8_params_t *p,
                                                              const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                                              void *ANVIL_RESTRICT workspace) {
  const int32_t D = p->depth, units = p->units;
  const int32_t d4 = D / 4 * 4;
  const int8_t *weights = p->weights;
  int32_t b, n, r, d;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *in = x + b * D;
    int8_t *out = y + b * units;
    for (n = 0; n < units; n += 4) {
      /* Past the last unit, rows repeat the last one; their (equal) results are rewritten. */
      int32_t unit[4];
      const int8_t *rows[4];
      int32_t acc[4];
      for (r = 0; r < 4; ++r) {
        unit[r] = n + r < units ? n + r : units - 1;
        rows[r] = weights + unit[r] * D;
        acc[r] = p->bias[unit[r]];
      }
      anvil_dsp_dot_4x1(rows, in, d4 / 4, acc);
      for (d = d4; d < D; ++d) {
        acc[0] += (int32_t)rows[0][d] * in[d];
        acc[1] += (int32_t)rows[1][d] * in[d];
        acc[2] += (int32_t)rows[2][d] * in[d];
        acc[3] += (int32_t)rows[3][d] * in[d];
      }
      for (r = 0; r < 4; ++r) out[unit[r]] = anvil_fully_connected_simd_s8_out(p, acc[r], unit[r]);
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_fully_connected_dsp_s8.c), shared by every node that calls it. */
anvil_status_t anvil_fully_connected_dsp_s8(const anvil_fully_connected_dsp_s8_params_t *params,
                                            const int8_t *x, int8_t *y, void *workspace);

#endif
