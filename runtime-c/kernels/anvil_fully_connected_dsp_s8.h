/*
 * anvil_fully_connected_dsp_s8: int8 fully connected with the Armv7E-M DSP extension (SXTB16 +
 * SMLAD), bit-exact with TensorFlow Lite's reference kernel.
 *
 * Layouts: input [batches][depth], output [batches][units], int8, no alignment needed.
 * `weights` is not the [units][depth] tensor but a table of int32 words the generator lays
 * out per group of four units (a last group short of four is completed with zero rows):
 *   - the four biases with the input offset folded in (bias[u] + input_offset · Σ w[u], so the
 *     loops multiply raw int8 inputs);
 *   - for every four bytes of depth, the four rows' words in turn (16 bytes);
 *   - when depth % 4 != 0, the four rows' last bytes, each zero-padded to a word.
 * Or, `paired`, with rows 0 and 1 (and 2 and 3) in one set of words: the init words are bias0,
 * bias0 + 256·bias1, bias2, bias2 + 256·bias3, and for every four bytes of depth d..d+3 the
 * words hold the halfwords h(d), h(d+2); h(d+1), h(d+3) of rows 0, 1, then of rows 2, 3, with
 * h(k) = 256·w1[k] + w0[k] (see ANVIL_FC_DSP_MAC4P). The generator picks it when every h
 * fits 16 bits and every odd row's |bias| + 128·Σ|w| is below 2^23, which keeps it exact.
 * Symmetric weights only (TFLite's int8 fully connected always has them). Requantization
 * anvil_mbqm_split (the shift split into left and right beforehand, exact as no multiplier is
 * INT32_MIN, which the generator checks) per unit, or one for all (right_only: an equal,
 * cheaper form, see anvil_mbqm_right). Workspace: none.
 *
 * Four units at a time: each word of input is split into its even and odd bytes once and
 * serves the four rows, whose words one pointer walks with immediate offsets (the compiler
 * pairs them into LDRDs, as the table is word-aligned), so no row needs a pointer of its own.
 * Measured on ad01_int8 (Cortex-M4, whole model): 1.54 instructions per MAC with the plain layout,
 * 1.35 with the paired one, against 2.17 with a pointer per row.
 */
#ifndef ANVIL_KERNELS_FULLY_CONNECTED_DSP_S8_H
#define ANVIL_KERNELS_FULLY_CONNECTED_DSP_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_dsp.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"

typedef struct {
  int32_t batches, depth, units;
  /* 1: multiplier, left and right hold one entry per unit; 0: one entry for all. */
  int32_t per_channel;
  /* 1: every multiplier >= 0 and every shift in [-31, -1] (right only, never left); 2: every shift 0. */
  int32_t right_only;
  /* 1: the paired layout (ANVIL_FC_DSP_MAC4P), 0: the plain one. */
  int32_t paired;
  int32_t output_offset, act_min, act_max;
  /* The group table above. */
  const int32_t *weights;
  const int32_t *multiplier;
  const uint8_t *left;
  const uint8_t *right;
} anvil_fully_connected_dsp_s8_params_t;

ANVIL_INLINE size_t anvil_fully_connected_dsp_s8_workspace_bytes(const anvil_fully_connected_dsp_s8_params_t *p) {
  (void)p;
  return 0;
}

/* The int8 output of unit u's accumulator. */
ANVIL_INLINE int8_t anvil_fully_connected_dsp_s8_out(const anvil_fully_connected_dsp_s8_params_t *p, int32_t acc, int32_t u) {
  const int32_t q = p->per_channel ? u : 0;
  int32_t v = p->right_only == 2 ? anvil_mbqm_noshift(acc, p->multiplier[q])
              : p->right_only    ? anvil_mbqm_right(acc, p->multiplier[q], p->right[q])
                                 : anvil_mbqm_split(acc, p->multiplier[q], p->left[q], p->right[q]);
  v = __ssat(v + p->output_offset, 8);
  /* SSAT already clamps to the int8 range; a constant activation inside it adds the rest. */
  if (p->act_min > -128) v = v < p->act_min ? p->act_min : v;
  if (p->act_max < 127) v = v > p->act_max ? p->act_max : v;
  return (int8_t)v;
}

/*
 * The paired layout: q0 += row 0 · x and p0 += (row 0 + 256·row 1) · x, likewise q1, p1 for rows
 * 2 and 3. Each table word holds two halfwords 256·w1 + w0 (two's complement, in range: the
 * generator checks) at depths two apart: its SXTB16 is row 0's two weights, and the word as
 * it stands is the pair, so one SXTB16 and two SMLADs do four multiply-accumulates.
 */
#define ANVIL_FC_DSP_MAC4P(xv, w, q0, p0, q1, p1)                                   \
  do {                                                                               \
    const int16x2_t xe_ = anvil_even16(xv), xo_ = anvil_odd16(xv);                   \
    const uint32_t u0_ = (w)[0], u1_ = (w)[1], u2_ = (w)[2], u3_ = (w)[3];           \
    (q0) = __smlad(anvil_even16(u0_), xe_, (q0));                                    \
    (p0) = __smlad((int16x2_t)u0_, xe_, (p0));                                       \
    (q0) = __smlad(anvil_even16(u1_), xo_, (q0));                                    \
    (p0) = __smlad((int16x2_t)u1_, xo_, (p0));                                       \
    (q1) = __smlad(anvil_even16(u2_), xe_, (q1));                                    \
    (p1) = __smlad((int16x2_t)u2_, xe_, (p1));                                       \
    (q1) = __smlad(anvil_even16(u3_), xo_, (q1));                                    \
    (p1) = __smlad((int16x2_t)u3_, xo_, (p1));                                       \
  } while (0)

/* acc_r += row r · x for one input word xv and the four rows' words at w. */
#define ANVIL_FC_DSP_MAC4(xv, w, a0, a1, a2, a3)                                     \
  do {                                                                               \
    const int16x2_t xe_ = anvil_even16(xv), xo_ = anvil_odd16(xv);                   \
    const uint32_t u0_ = (w)[0], u1_ = (w)[1], u2_ = (w)[2], u3_ = (w)[3];           \
    (a0) = __smlad(anvil_odd16(u0_), xo_, __smlad(anvil_even16(u0_), xe_, (a0)));    \
    (a1) = __smlad(anvil_odd16(u1_), xo_, __smlad(anvil_even16(u1_), xe_, (a1)));    \
    (a2) = __smlad(anvil_odd16(u2_), xo_, __smlad(anvil_even16(u2_), xe_, (a2)));    \
    (a3) = __smlad(anvil_odd16(u3_), xo_, __smlad(anvil_even16(u3_), xe_, (a3)));    \
  } while (0)

/* The last 1..3 bytes of the input as a word; the padding weights are zero, so nothing past the input is read. */
ANVIL_INLINE uint32_t anvil_fully_connected_dsp_s8_tail(const int8_t *xq, int32_t tail) {
  uint32_t xv = (uint8_t)xq[0];
  if (tail > 1) xv |= (uint32_t)(uint8_t)xq[1] << 8;
  if (tail > 2) xv |= (uint32_t)(uint8_t)xq[2] << 16;
  return xv;
}

#if defined(__GNUC__) || defined(__clang__)
/*
 * An empty asm that claims to move the pointers after the accumulators: GCC's scheduler would
 * otherwise hoist the next words' loads above this word's products and spill (+19% measured).
 */
#define ANVIL_FC_DSP_SEQ(xq, w, a0, a1, a2, a3) __asm__("" : "+r"(xq), "+r"(w) : "r"(a0), "r"(a1), "r"(a2), "r"(a3))
#define ANVIL_FC_DSP_CONST(e) __builtin_constant_p(e)
#else
#define ANVIL_FC_DSP_CONST(e) 0
#define ANVIL_FC_DSP_SEQ(xq, w, a0, a1, a2, a3) ((void)0)
#endif

/*
 * The four rows of a group against the input, with MAC one of the two layouts' steps. Four
 * words a pass when the depth is known at compile time (a specialised call: the loop's count
 * and branch weigh a quarter, -4% on ad01_int8); the shared instance keeps one word a pass,
 * a quarter of the code.
 */
#define ANVIL_FC_DSP_ROW(MAC)                                                        \
  do {                                                                               \
    i = n4;                                                                          \
    if (ANVIL_FC_DSP_CONST(n4))                                                      \
      for (; i >= 4; i -= 4) {                                                       \
        MAC(anvil_rd32(xq), w, a0, a1, a2, a3);                                      \
        ANVIL_FC_DSP_SEQ(xq, w, a0, a1, a2, a3);                                     \
        MAC(anvil_rd32(xq + 4), w + 4, a0, a1, a2, a3);                              \
        ANVIL_FC_DSP_SEQ(xq, w, a0, a1, a2, a3);                                     \
        MAC(anvil_rd32(xq + 8), w + 8, a0, a1, a2, a3);                              \
        ANVIL_FC_DSP_SEQ(xq, w, a0, a1, a2, a3);                                     \
        MAC(anvil_rd32(xq + 12), w + 12, a0, a1, a2, a3);                            \
        xq += 16;                                                                    \
        w += 16;                                                                     \
      }                                                                              \
    for (; i > 0; --i) {                                                             \
      MAC(anvil_rd32(xq), w, a0, a1, a2, a3);                                        \
      xq += 4;                                                                       \
      w += 4;                                                                        \
    }                                                                                \
    if (tail) {                                                                      \
      MAC(anvil_fully_connected_dsp_s8_tail(xq, tail), w, a0, a1, a2, a3);           \
      w += 4;                                                                        \
    }                                                                                \
  } while (0)

ANVIL_INLINE anvil_status_t anvil_fully_connected_dsp_s8_body(const anvil_fully_connected_dsp_s8_params_t *p,
                                                              const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                                              void *ANVIL_RESTRICT workspace) {
  const int32_t D = p->depth, units = p->units;
  const int32_t n4 = D >> 2, tail = D & 3;
  int32_t b, n, i;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *in = x + b * D;
    int8_t *out = y + b * units;
    const uint32_t *w = (const uint32_t *)(const void *)p->weights;
    for (n = 0; n < units; n += 4) {
      int32_t a0 = (int32_t)w[0], a1 = (int32_t)w[1], a2 = (int32_t)w[2], a3 = (int32_t)w[3];
      const int8_t *xq = in;
      w += 4;
      if (p->paired) {
        ANVIL_FC_DSP_ROW(ANVIL_FC_DSP_MAC4P);
        /* p - q is exactly 256 · row 1's sum (the generator bounds it below 2^23 in magnitude). */
        a1 = (int32_t)((uint32_t)a1 - (uint32_t)a0) >> 8;
        a3 = (int32_t)((uint32_t)a3 - (uint32_t)a2) >> 8;
      } else {
        ANVIL_FC_DSP_ROW(ANVIL_FC_DSP_MAC4);
      }
      if (!ANVIL_FC_DSP_CONST(units)) {
        /* The shared instance: one requantization in the code (each has two forms), not six. */
        int32_t r;
        for (r = n; r < n + 4 && r < units; ++r) {
          out[r] = anvil_fully_connected_dsp_s8_out(p, a0, r);
          a0 = a1;
          a1 = a2;
          a2 = a3;
        }
        continue;
      }
      out[n] = anvil_fully_connected_dsp_s8_out(p, a0, n);
      if (n + 4 <= units) {
        out[n + 1] = anvil_fully_connected_dsp_s8_out(p, a1, n + 1);
        out[n + 2] = anvil_fully_connected_dsp_s8_out(p, a2, n + 2);
        out[n + 3] = anvil_fully_connected_dsp_s8_out(p, a3, n + 3);
      } else {
        if (n + 1 < units) out[n + 1] = anvil_fully_connected_dsp_s8_out(p, a1, n + 1);
        if (n + 2 < units) out[n + 2] = anvil_fully_connected_dsp_s8_out(p, a2, n + 2);
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_fully_connected_dsp_s8.c), shared by every node that calls it. */
anvil_status_t anvil_fully_connected_dsp_s8(const anvil_fully_connected_dsp_s8_params_t *params,
                                            const int8_t *x, int8_t *y, void *workspace);

#endif
