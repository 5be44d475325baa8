/*
 * anvil_lstm_dsp_s8: UNIDIRECTIONAL_SEQUENCE_LSTM with the Armv7E-M DSP extension, bit-exact
 * with TensorFlow Lite Micro's integer kernel: anvil_lstm_s8 (same parameters, layouts and
 * folded biases) with its gate products as SXTB16 + SMLAD dot products, four int8 values per
 * word, the last depth % 4 values one by one. The products are 98.9% of trained_lstm_int8's
 * instructions on a Cortex-M4 with the portable kernel.
 */
#ifndef ANVIL_KERNELS_LSTM_DSP_S8_H
#define ANVIL_KERNELS_LSTM_DSP_S8_H

#include "anvil/internal/arm_dsp.h"
#include "anvil_lstm_s8.h"

typedef anvil_lstm_s8_params_t anvil_lstm_dsp_s8_params_t;

ANVIL_INLINE size_t anvil_lstm_dsp_s8_workspace_bytes(const anvil_lstm_dsp_s8_params_t *p) { return anvil_lstm_s8_workspace_bytes(p); }

ANVIL_INLINE int32_t anvil_lstm_dot_dsp(const int8_t *w, const int8_t *x, int32_t depth) {
  const int32_t n4 = depth / 4;
  int32_t acc = anvil_dsp_dot_1x1(w, x, (int)n4, 0), d;
  for (d = 4 * n4; d < depth; ++d) acc = anvil_add_wrap(acc, (int32_t)w[d] * (int32_t)x[d]);
  return acc;
}

ANVIL_INLINE anvil_status_t anvil_lstm_dsp_s8_body(const anvil_lstm_dsp_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                                   void *ANVIL_RESTRICT workspace) {
  return anvil_lstm_s8_run(p, anvil_lstm_dot_dsp, x, y, workspace);
}

/* The out-of-line instance (anvil_lstm_dsp_s8.c), shared by every node that calls it. */
anvil_status_t anvil_lstm_dsp_s8(const anvil_lstm_dsp_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
