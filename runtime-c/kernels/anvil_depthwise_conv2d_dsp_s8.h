/*
 * anvil_depthwise_conv2d_dsp_s8: int8 depthwise convolution with the Armv7E-M DSP extension
 * (SXTB16 + SMLAD), bit-exact with TensorFlow Lite's reference kernel.
 *
 * Depth multiplier 1, one batch, channels a multiple of four. Layouts: input
 * [1][in_h][in_w][channels], output [1][out_h][out_w][channels], int8, no alignment needed.
 * filter: the weights rearranged by the generator, per group of four channels and pair of
 * taps (a, b) the eight bytes [a0 a1 b0 b1] [a2 a3 b2 b3] (an odd last tap pairs with zero
 * weights), 4-byte aligned. bias: per channel, bias[c] + input_offset · Σ w[c], so the loops
 * multiply raw int8 inputs. Requantization: anvil_mbqm_split per channel, or one for all.
 * Workspace: one row of `channels` bytes of the input zero point.
 *
 * Every output pixel first gets one pointer per tap, into the input or at the zero-point row
 * for taps in the padding (whose products the folded bias cancels), so border pixels need no
 * separate loop; then four channels at a time, two taps per SMLAD.
 */
#ifndef ANVIL_KERNELS_DEPTHWISE_CONV2D_DSP_S8_H
#define ANVIL_KERNELS_DEPTHWISE_CONV2D_DSP_S8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_dsp.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"

#ifndef ANVIL_DEPTHWISE_FIXED_TAPS
/* Filters up to 5×5 keep their tap pointers in a fixed array (see the body). */
#define ANVIL_DEPTHWISE_FIXED_TAPS 32
#endif

typedef struct {
  int32_t in_h, in_w, channels;
  int32_t out_h, out_w;
  int32_t k_h, k_w;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
  /* 1: multiplier, left and right hold one entry per channel; 0: one entry for all. */
  int32_t per_channel;
  int32_t input_offset, output_offset, act_min, act_max;
  const int8_t *filter;
  const int32_t *bias;
  const int32_t *multiplier;
  const uint8_t *left;
  const uint8_t *right;
} anvil_depthwise_conv2d_dsp_s8_params_t;

ANVIL_INLINE size_t anvil_depthwise_conv2d_dsp_s8_workspace_bytes(const anvil_depthwise_conv2d_dsp_s8_params_t *p) {
  return (size_t)p->channels;
}

ANVIL_INLINE int8_t anvil_depthwise_conv2d_dsp_s8_out(const anvil_depthwise_conv2d_dsp_s8_params_t *p, int32_t acc, int32_t c) {
  const int32_t q = p->per_channel ? c : 0;
  return (int8_t)anvil_clamp(anvil_mbqm_split(acc, p->multiplier[q], p->left[q], p->right[q]) + p->output_offset, p->act_min, p->act_max);
}

ANVIL_INLINE anvil_status_t anvil_depthwise_conv2d_dsp_s8_body(const anvil_depthwise_conv2d_dsp_s8_params_t *p,
                                                               const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                                               void *ANVIL_RESTRICT workspace) {
  const int32_t C = p->channels;
  const int32_t taps = p->k_h * p->k_w;
  const int32_t paired = (taps + 1) / 2 * 2;
  int8_t *zrow = (int8_t *)workspace;
  /*
   * The tap pointers live in a fixed array when they fit: GCC turns a variable-length array
   * of constant length back into a plain one only up to a few words, and a real one costs the
   * frame pointer, a register the loops need. Larger filters take the variable-length one.
   */
  const int8_t *fixed_taps[ANVIL_DEPTHWISE_FIXED_TAPS];
  const int8_t *var_taps[paired <= ANVIL_DEPTHWISE_FIXED_TAPS ? 1 : paired];
  const int8_t **tap = paired <= ANVIL_DEPTHWISE_FIXED_TAPS ? fixed_taps : var_taps;
  int32_t oy, ox, q, j;
  memset(zrow, -p->input_offset, (size_t)C);
  for (oy = 0; oy < p->out_h; ++oy) {
    for (ox = 0; ox < p->out_w; ++ox) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      const int32_t ix0 = ox * p->stride_w - p->pad_left;
      int32_t t = 0, fy, fx;
      int8_t *out = y + (oy * p->out_w + ox) * C;
      const int8_t *f = p->filter;
      for (fy = 0; fy < p->k_h; ++fy) {
        const int32_t iy = iy0 + p->dilation_h * fy;
        for (fx = 0; fx < p->k_w; ++fx) {
          const int32_t ix = ix0 + p->dilation_w * fx;
          tap[t++] = (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w) ? zrow : x + (iy * p->in_w + ix) * C;
        }
      }
      /* The odd last tap's partner: any readable bytes, its weights are zero. */
      if (paired > taps) tap[taps] = zrow;
      for (q = 0; q < C; q += 4) {
        int32_t a0 = p->bias[q], a1 = p->bias[q + 1], a2 = p->bias[q + 2], a3 = p->bias[q + 3];
        for (j = 0; j < paired; j += 2) {
          const uint32_t xa = anvil_rd32(tap[j] + q), xb = anvil_rd32(tap[j + 1] + q);
          const int16x2_t ea = anvil_even16(xa), oa = anvil_odd16(xa), eb = anvil_even16(xb), ob = anvil_odd16(xb);
          const uint32_t u = anvil_rd32(f), v = anvil_rd32(f + 4);
          a0 = __smlad(anvil_even16(u), anvil_pack_lo(ea, eb), a0);
          a1 = __smlad(anvil_odd16(u), anvil_pack_lo(oa, ob), a1);
          a2 = __smlad(anvil_even16(v), anvil_pack_hi(ea, eb), a2);
          a3 = __smlad(anvil_odd16(v), anvil_pack_hi(oa, ob), a3);
          f += 8;
        }
        out[q] = anvil_depthwise_conv2d_dsp_s8_out(p, a0, q);
        out[q + 1] = anvil_depthwise_conv2d_dsp_s8_out(p, a1, q + 1);
        out[q + 2] = anvil_depthwise_conv2d_dsp_s8_out(p, a2, q + 2);
        out[q + 3] = anvil_depthwise_conv2d_dsp_s8_out(p, a3, q + 3);
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_depthwise_conv2d_dsp_s8.c), shared by every node that calls it. */
anvil_status_t anvil_depthwise_conv2d_dsp_s8(const anvil_depthwise_conv2d_dsp_s8_params_t *params,
                                             const int8_t *x, int8_t *y, void *workspace);

#endif
