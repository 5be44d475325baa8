/*
 * anvil_fully_connected_mve_s8: int8 fully connected with Helium (VMLADAVA, predicated tails),
 * bit-exact with TensorFlow Lite's reference kernel.
 *
 * Layouts: input [batches][depth], output [batches][units], int8, no alignment needed.
 * `weights` is not the [units][depth] tensor but a table the generator lays out per group of
 * four units (a last group short of four completed with zero rows): every 16-byte block of the
 * four rows in turn, then their depth % 16 tail bytes one row after another (as
 * anvil_conv2d_mve_s8.h's filter), then the biases with the input offset folded in (bias[u] +
 * input_offset · Σ w[u], so the loops multiply raw int8 inputs) as four little-endian int32;
 * per_channel, these are followed by the multipliers (four int32), minus the right shifts and,
 * unless right_only, the left shifts (four int8 each); otherwise `multiplier`, `left` and
 * `right` hold the one requantization of every unit. Symmetric weights only. Requantization
 * as anvil_mbqm (anvil_mve_requant). Workspace: none.
 *
 * Four units at a time: each 16-byte load of the input serves the four rows, which one pointer
 * walks with immediate offsets; the group's four sums are requantized as one vector, straight
 * from the constants that follow its rows, and stored as four adjacent bytes.
 */
#ifndef ANVIL_KERNELS_FULLY_CONNECTED_MVE_S8_H
#define ANVIL_KERNELS_FULLY_CONNECTED_MVE_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_mve.h"
#include "anvil/status.h"

typedef struct {
  int32_t batches, depth, units;
  /* 1: each group's requantization follows its biases in the table; 0: the fields below. */
  int32_t per_channel;
  /*
   * 1: every shift is a right shift (no left shifts stored; anvil_mve_requant_right); 2: every
   * shift is 0 (none stored either; anvil_mve_requant_none).
   */
  int32_t right_only;
  /* The requantization of every unit when not per_channel (shift split into left, right). */
  int32_t multiplier, left, right;
  int32_t output_offset, act_min, act_max;
  /* The group table above. */
  const int8_t *weights;
} anvil_fully_connected_mve_s8_params_t;

ANVIL_INLINE size_t anvil_fully_connected_mve_s8_workspace_bytes(const anvil_fully_connected_mve_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_fully_connected_mve_s8_body(const anvil_fully_connected_mve_s8_params_t *p,
                                                              const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                                              void *ANVIL_RESTRICT workspace) {
  const int32_t D = p->depth, units = p->units;
  const int32_t tail = D & 15;
  /* One requantization for all: in registers once, and 20 bytes a group fewer in flash. */
  const int32x4_t mult_all = vdupq_n_s32(p->multiplier), left_all = vdupq_n_s32(p->left), neg_right_all = vdupq_n_s32(-p->right);
  int32_t b, n, i;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *in = x + b * D;
    int8_t *out = y + b * units;
    const int8_t *w = p->weights;
    for (n = 0; n < units; n += 4) {
      const int8_t *xq = in;
      int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      int32x4_t acc, mult = mult_all, left = left_all, neg_right = neg_right_all;
      i = D >> 4;
      if (i > 0) {
        /* The first block starts the sums (VMLADAV) rather than adding to zeroed registers. */
        const int8x16_t xv = vldrbq_s8(xq);
        a0 = vmladavq_s8(vldrbq_s8(w), xv);
        a1 = vmladavq_s8(vldrbq_s8(w + 16), xv);
        a2 = vmladavq_s8(vldrbq_s8(w + 32), xv);
        a3 = vmladavq_s8(vldrbq_s8(w + 48), xv);
        xq += 16;
        w += 64;
        --i;
      }
      for (; i > 0; --i) {
        const int8x16_t xv = vldrbq_s8(xq);
        a0 = vmladavaq_s8(a0, vldrbq_s8(w), xv);
        a1 = vmladavaq_s8(a1, vldrbq_s8(w + 16), xv);
        a2 = vmladavaq_s8(a2, vldrbq_s8(w + 32), xv);
        a3 = vmladavaq_s8(a3, vldrbq_s8(w + 48), xv);
        xq += 16;
        w += 64;
      }
      if (tail) {
        /* Zeroing loads: the masked bytes are never read and add nothing. */
        const mve_pred16_t pr = vctp8q((uint32_t)tail);
        const int8x16_t xv = vldrbq_z_s8(xq, pr);
        a0 = vmladavaq_s8(a0, vldrbq_z_s8(w, pr), xv);
        a1 = vmladavaq_s8(a1, vldrbq_z_s8(w + tail, pr), xv);
        a2 = vmladavaq_s8(a2, vldrbq_z_s8(w + 2 * tail, pr), xv);
        a3 = vmladavaq_s8(a3, vldrbq_z_s8(w + 3 * tail, pr), xv);
        w += 4 * tail;
      }
      acc = vsetq_lane_s32(a3, vsetq_lane_s32(a2, vsetq_lane_s32(a1, vdupq_n_s32(a0), 1), 2), 3);
      /* Byte loads reinterpreted need no alignment. */
      acc = vaddq_s32(acc, vreinterpretq_s32_s8(vldrbq_s8(w)));
      w += 16;
      if (p->per_channel) {
        mult = vreinterpretq_s32_s8(vldrbq_s8(w));
        neg_right = vldrbq_s32(w + 16);
        w += 20;
        if (!p->right_only) {
          left = vldrbq_s32(w);
          w += 4;
        }
      }
      if (p->right_only == 2)
        acc = anvil_mve_requant_none(acc, mult, p->output_offset, p->act_min, p->act_max);
      else if (p->right_only)
        acc = anvil_mve_requant_right(acc, mult, neg_right, p->output_offset, p->act_min, p->act_max);
      else
        acc = anvil_mve_requant(acc, mult, left, neg_right, p->output_offset, p->act_min, p->act_max);
      if (n + 4 <= units)
        vstrbq_s32(out + n, acc);
      else
        vstrbq_p_s32(out + n, acc, vctp32q((uint32_t)(units - n)));
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_fully_connected_mve_s8.c), shared by every node that calls it. */
anvil_status_t anvil_fully_connected_mve_s8(const anvil_fully_connected_mve_s8_params_t *params,
                                            const int8_t *x, int8_t *y, void *workspace);

#endif
