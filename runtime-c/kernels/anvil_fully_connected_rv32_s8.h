/*
 * anvil_fully_connected_rv32_s8: int8 fully connected layer for scalar RV32 cores (RV32IMC,
 * RV32IMAC), bit-exact with anvil_fully_connected_s8 (TensorFlow Lite's reference).
 *
 * Layouts: input [batches][depth], output [batches][units], int8, no alignment needed.
 * `weights` is the generator's table: the units in blocks of eight while eight remain, then
 * of four while three do, then of two (rows past the last unit zero), each block depth-major
 * with its units' weights of input d side by side. `bias`: one entry per unit of those blocks, bias
 * + input_offset · Σ w + depth · input_offset · weights_offset folded in. Requantization per
 * unit, or one for all (see anvil_quant_rv32_s8_params.h). Workspace: none.
 *
 * Eight units share every input byte loaded (3.2 instructions per MAC in the loop: a load
 * and a multiply-add per weight, against about 8 for the reference's loop); the weights are
 * used once each, so nothing can be reused from registers. The narrower blocks keep the
 * zero rows to at most one (10 units: 8 + 2, measured 14% fewer instructions than 8 + 4).
 * A weights offset (asymmetric weights, never in TFLite's int8 FC) costs one pass summing the
 * input: Σ (w + wo)(x + xo) = Σ w·x + xo·Σ w + wo·Σ x + depth·wo·xo, all but wo·Σ x folded.
 */
#ifndef ANVIL_KERNELS_FULLY_CONNECTED_RV32_S8_H
#define ANVIL_KERNELS_FULLY_CONNECTED_RV32_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/status.h"
#include "anvil_quant_rv32_s8_params.h"

typedef struct {
  int32_t batches, units, depth;
  int32_t weights_offset, output_offset, act_min, act_max;
  /* 1: multiplier, left and right hold one entry per unit; 0: one for all. */
  int32_t per_channel;
  /* 1: every multiplier >= 0 and every shift a right shift by 1..31 (anvil_mbqm_right); 2: every shift 0 (anvil_mbqm_noshift). */
  int32_t right_only;
  const int8_t *weights;
  const int32_t *bias;
  const int32_t *multiplier;
  const uint8_t *left;
  const uint8_t *right;
} anvil_fully_connected_rv32_s8_params_t;

ANVIL_INLINE size_t anvil_fully_connected_rv32_s8_workspace_bytes(const anvil_fully_connected_rv32_s8_params_t *p) {
  (void)p;
  return 0;
}

#define ANVIL_FC_RV32_MAC8(w, d)                                                                                                           \
  do {                                                                                                                                     \
    int32_t x_;                                                                                                                            \
    ANVIL_RV32_LOAD_FENCE();                                                                                                               \
    x_ = in[d];                                                                                                                            \
    s0 += (w)[0] * x_, s1 += (w)[1] * x_, s2 += (w)[2] * x_, s3 += (w)[3] * x_;                                                            \
    s4 += (w)[4] * x_, s5 += (w)[5] * x_, s6 += (w)[6] * x_, s7 += (w)[7] * x_;                                                            \
  } while (0)

#define ANVIL_FC_RV32_MAC2(w, d)                                                                                                           \
  do {                                                                                                                                     \
    int32_t x_;                                                                                                                            \
    ANVIL_RV32_LOAD_FENCE();                                                                                                               \
    x_ = in[d];                                                                                                                            \
    s0 += (w)[0] * x_, s1 += (w)[1] * x_;                                                                                                  \
  } while (0)

#define ANVIL_FC_RV32_MAC4(w, d)                                                                                                           \
  do {                                                                                                                                     \
    int32_t x_;                                                                                                                            \
    ANVIL_RV32_LOAD_FENCE();                                                                                                               \
    x_ = in[d];                                                                                                                            \
    s0 += (w)[0] * x_, s1 += (w)[1] * x_, s2 += (w)[2] * x_, s3 += (w)[3] * x_;                                                            \
  } while (0)

/* Eight sums (acc, starting as their biases) over the depth, weights eight per input byte. */
ANVIL_INLINE void anvil_fully_connected_rv32_s8_dot8(const int8_t *ANVIL_RESTRICT w, const int8_t *in, int32_t depth, int32_t acc[8]) {
  int32_t s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3], s4 = acc[4], s5 = acc[5], s6 = acc[6], s7 = acc[7];
  const int8_t *const end4 = in + (depth & ~3);
  const int8_t *const end = in + depth;
  while (in != end4) {
    ANVIL_FC_RV32_MAC8(w, 0);
    ANVIL_FC_RV32_MAC8(w + 8, 1);
    ANVIL_FC_RV32_MAC8(w + 16, 2);
    ANVIL_FC_RV32_MAC8(w + 24, 3);
    in += 4, w += 32;
  }
  while (in != end) {
    ANVIL_FC_RV32_MAC8(w, 0);
    ++in, w += 8;
  }
  acc[0] = s0, acc[1] = s1, acc[2] = s2, acc[3] = s3, acc[4] = s4, acc[5] = s5, acc[6] = s6, acc[7] = s7;
}

/* The same for a block of four units. */
ANVIL_INLINE void anvil_fully_connected_rv32_s8_dot4(const int8_t *ANVIL_RESTRICT w, const int8_t *in, int32_t depth, int32_t acc[8]) {
  int32_t s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3];
  const int8_t *const end4 = in + (depth & ~3);
  const int8_t *const end = in + depth;
  while (in != end4) {
    ANVIL_FC_RV32_MAC4(w, 0);
    ANVIL_FC_RV32_MAC4(w + 4, 1);
    ANVIL_FC_RV32_MAC4(w + 8, 2);
    ANVIL_FC_RV32_MAC4(w + 12, 3);
    in += 4, w += 16;
  }
  while (in != end) {
    ANVIL_FC_RV32_MAC4(w, 0);
    ++in, w += 4;
  }
  acc[0] = s0, acc[1] = s1, acc[2] = s2, acc[3] = s3;
}

/* The same for a block of two units. */
ANVIL_INLINE void anvil_fully_connected_rv32_s8_dot2(const int8_t *ANVIL_RESTRICT w, const int8_t *in, int32_t depth, int32_t acc[8]) {
  int32_t s0 = acc[0], s1 = acc[1];
  const int8_t *const end4 = in + (depth & ~3);
  const int8_t *const end = in + depth;
  while (in != end4) {
    ANVIL_FC_RV32_MAC2(w, 0);
    ANVIL_FC_RV32_MAC2(w + 2, 1);
    ANVIL_FC_RV32_MAC2(w + 4, 2);
    ANVIL_FC_RV32_MAC2(w + 6, 3);
    in += 4, w += 8;
  }
  while (in != end) {
    ANVIL_FC_RV32_MAC2(w, 0);
    ++in, w += 2;
  }
  acc[0] = s0, acc[1] = s1;
}

/* The width of the block of units starting with `remaining` units left (see the table above). */
ANVIL_INLINE int32_t anvil_fully_connected_rv32_s8_block(int32_t remaining) { return remaining >= 8 ? 8 : remaining >= 3 ? 4 : 2; }

ANVIL_INLINE anvil_status_t anvil_fully_connected_rv32_s8_body(const anvil_fully_connected_rv32_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                               int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t units = p->units, depth = p->depth;
  const int32_t right_only = p->right_only, output_offset = p->output_offset, act_min = p->act_min, act_max = p->act_max;
  int32_t b, u, j, d;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *in = x + b * depth;
    int8_t *out = y + b * units;
    const int8_t *w = p->weights;
    int32_t input_term = 0;
    if (p->weights_offset != 0) {
      int32_t sum = 0;
      for (d = 0; d < depth; ++d) sum += in[d];
      input_term = p->weights_offset * sum;
    }
    for (u = 0; u < units;) {
      const int32_t width = anvil_fully_connected_rv32_s8_block(units - u);
      int32_t acc[8];
      for (j = 0; j < width; ++j) acc[j] = anvil_add_wrap(p->bias[u + j], input_term);
      if (width == 8)
        anvil_fully_connected_rv32_s8_dot8(w, in, depth, acc);
      else if (width == 4)
        anvil_fully_connected_rv32_s8_dot4(w, in, depth, acc);
      else
        anvil_fully_connected_rv32_s8_dot2(w, in, depth, acc);
      for (j = 0; j < width && u + j < units; ++j) {
        const anvil_rv32_s8_quant_t q = anvil_rv32_s8_quant(p->multiplier, p->left, p->right, p->per_channel ? u + j : 0);
        out[u + j] = anvil_rv32_s8_out(acc[j], q, right_only, output_offset, act_min, act_max);
      }
      w += width * depth;
      u += width;
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_fully_connected_rv32_s8.c), shared by every node that calls it. */
anvil_status_t anvil_fully_connected_rv32_s8(const anvil_fully_connected_rv32_s8_params_t *params, const int8_t *x, int8_t *y,
                                             void *workspace);

#endif
