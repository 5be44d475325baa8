/*
 * anvil_lstm_s8: UNIDIRECTIONAL_SEQUENCE_LSTM, portable C99, bit-exact with TensorFlow Lite
 * Micro's integer (int8x8_16) kernel: int8 input, weights and hidden state, int16 cell state
 * with a power-of-two scale, int32 biases; no peephole, projection or layer norm.
 *
 * Per time step and batch row: each gate is the input product (with its bias) and the
 * recurrent product, each requantized to Q3.12 int16 and saturated, added with saturation,
 * then sigmoid (forget, input, output) or tanh (cell gate) into Q0.15. The cell state becomes
 * forget·cell + input·cell_gate (each requantized, added with saturation, optionally clipped);
 * the hidden state tanh(cell)·output, requantized to int8. The output row is the new hidden row.
 *
 * Layouts: input [batch][steps][input_size] (time_major: [steps][batch][input_size]), output
 * likewise with units, weights [units][input_size] and [units][units]; gates in the order
 * forget, input, cell, output. The zero points are folded into two bias tables of 4·units
 * int32 (gate-major): input_bias = bias + input_offset·Σ w, recurrent_bias =
 * hidden_offset·Σ w_recurrent, so the products multiply raw int8 values (exact: int32 sums
 * wrap the same in either order). `hidden` [batch][units] and `cell` [batch][units] are the
 * model's persistent state, read and updated in place. Workspace: 4·units int16 (the four
 * gates of one row), 2-byte aligned.
 */
#ifndef ANVIL_KERNELS_LSTM_S8_H
#define ANVIL_KERNELS_LSTM_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"
#include "anvil_lut_activations_s16.h"

#define ANVIL_LSTM_FORGET 0
#define ANVIL_LSTM_INPUT 1
#define ANVIL_LSTM_CELL 2
#define ANVIL_LSTM_OUTPUT 3

typedef struct {
  int32_t batch, steps, input_size, units, time_major;
  /* The hidden state's zero point (its output offset). */
  int32_t hidden_zero_point;
  /* Per gate (forget, input, cell, output): weights, and the two products' requantization. */
  const int8_t *input_weights[4];
  const int8_t *recurrent_weights[4];
  /* 4·units each, gate-major: the folded biases above. */
  const int32_t *input_bias;
  const int32_t *recurrent_bias;
  int32_t input_multiplier[4], input_shift[4];
  int32_t recurrent_multiplier[4], recurrent_shift[4];
  /* forget·cell → cell, input·cell_gate → cell, tanh(cell)·output → hidden. */
  int32_t forget_cell_multiplier, forget_cell_shift;
  int32_t input_cell_multiplier, input_cell_shift;
  int32_t hidden_multiplier, hidden_shift;
  /* The cell state's rescale into tanh (scale 2^k onto Q3.12, see anvil_lut_activations_s16.h). */
  int32_t cell_tanh_multiplier, cell_tanh_shift;
  /* clip_cell 1: the cell state is clipped to ±cell_clip after each update. */
  int32_t clip_cell, cell_clip;
  int8_t *hidden;
  int16_t *cell;
} anvil_lstm_s8_params_t;

ANVIL_INLINE size_t anvil_lstm_s8_workspace_bytes(const anvil_lstm_s8_params_t *p) {
  return 4u * (size_t)p->units * sizeof(int16_t);
}

/* w · x over depth int8 values, wrapping as int32 (variants: anvil_lstm_dsp_s8.h). */
typedef int32_t (*anvil_lstm_dot_t)(const int8_t *w, const int8_t *x, int32_t depth);

ANVIL_INLINE int32_t anvil_lstm_dot(const int8_t *w, const int8_t *x, int32_t depth) {
  int32_t acc = 0, d;
  for (d = 0; d < depth; ++d) acc = anvil_add_wrap(acc, (int32_t)w[d] * (int32_t)x[d]);
  return acc;
}

/* One fully connected product of one unit with its folded bias, requantized into saturated int16. */
ANVIL_INLINE int32_t anvil_lstm_product(anvil_lstm_dot_t dot, const int8_t *x, const int8_t *w, int32_t depth, int32_t bias,
                                        int32_t multiplier, int32_t shift) {
  const int32_t acc = anvil_add_wrap(dot(w, x, depth), bias);
  return anvil_clamp(anvil_mbqm(acc, multiplier, shift), INT16_MIN, INT16_MAX);
}

/* One batch row's time step: all four gates from the old hidden row, then cell, then hidden. */
ANVIL_INLINE void anvil_lstm_s8_step(const anvil_lstm_s8_params_t *p, anvil_lstm_dot_t dot, const int8_t *x, int8_t *h, int16_t *c,
                                     int16_t *gates) {
  const int32_t n = p->units;
  int32_t g, u;
  for (g = 0; g < 4; ++g) {
    int16_t *out = gates + g * n;
    for (u = 0; u < n; ++u) {
      const int32_t from_x = anvil_lstm_product(dot, x, p->input_weights[g] + u * p->input_size, p->input_size, p->input_bias[g * n + u],
                                                p->input_multiplier[g], p->input_shift[g]);
      const int32_t from_h = anvil_lstm_product(dot, h, p->recurrent_weights[g] + u * n, n, p->recurrent_bias[g * n + u],
                                                p->recurrent_multiplier[g], p->recurrent_shift[g]);
      const int16_t pre = (int16_t)anvil_clamp(from_x + from_h, INT16_MIN, INT16_MAX);
      out[u] = g == ANVIL_LSTM_CELL ? anvil_tanh_s16(pre, 0, 0) : anvil_sigmoid_s16(pre, 0, 0);
    }
  }
  for (u = 0; u < n; ++u) {
    const int32_t kept = anvil_clamp(anvil_mbqm((int32_t)gates[ANVIL_LSTM_FORGET * n + u] * c[u], p->forget_cell_multiplier, p->forget_cell_shift),
                                     INT16_MIN, INT16_MAX);
    const int32_t added = anvil_clamp(
        anvil_mbqm((int32_t)gates[ANVIL_LSTM_INPUT * n + u] * gates[ANVIL_LSTM_CELL * n + u], p->input_cell_multiplier, p->input_cell_shift),
        INT16_MIN, INT16_MAX);
    int32_t next = anvil_clamp(kept + added, INT16_MIN, INT16_MAX);
    if (p->clip_cell) next = anvil_clamp(next, -p->cell_clip, p->cell_clip);
    c[u] = (int16_t)next;
  }
  for (u = 0; u < n; ++u) {
    const int32_t t = anvil_tanh_s16(c[u], p->cell_tanh_multiplier, p->cell_tanh_shift);
    const int32_t v = p->hidden_zero_point + anvil_mbqm(t * gates[ANVIL_LSTM_OUTPUT * n + u], p->hidden_multiplier, p->hidden_shift);
    h[u] = (int8_t)anvil_clamp(v, INT8_MIN, INT8_MAX);
  }
}

/* The whole sequence with a given dot product; each variant's body passes its own. */
ANVIL_INLINE anvil_status_t anvil_lstm_s8_run(const anvil_lstm_s8_params_t *p, anvil_lstm_dot_t dot, const int8_t *ANVIL_RESTRICT x,
                                              int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  int16_t *gates = (int16_t *)workspace;
  int32_t b, t, u;
  for (b = 0; b < p->batch; ++b) {
    int8_t *h = p->hidden + b * p->units;
    int16_t *c = p->cell + b * p->units;
    for (t = 0; t < p->steps; ++t) {
      /* Batch rows are independent, so each can run all its steps in turn in either layout. */
      const int32_t row = p->time_major ? t * p->batch + b : b * p->steps + t;
      anvil_lstm_s8_step(p, dot, x + row * p->input_size, h, c, gates);
      for (u = 0; u < p->units; ++u) y[row * p->units + u] = h[u];
    }
  }
  return ANVIL_OK;
}

ANVIL_INLINE anvil_status_t anvil_lstm_s8_body(const anvil_lstm_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                               void *ANVIL_RESTRICT workspace) {
  return anvil_lstm_s8_run(p, anvil_lstm_dot, x, y, workspace);
}

/* The out-of-line instance (anvil_lstm_s8.c), shared by every node that calls it. */
anvil_status_t anvil_lstm_s8(const anvil_lstm_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
