/*
 * The parameters anvil_conv2d_dsp_s8 and anvil_conv2d_mve_s8 share (the same algorithm, two
 * inner loops), the im2col step both use, and their workspace size.
 *
 * The accumulators start from `bias`, which already holds bias[c] + input_offset · Σ w[c]:
 * the loops multiply raw int8 inputs, and taps in the padding are filled with the input zero
 * point (-input_offset), whose products that fold cancels exactly as the reference skips them.
 * Requantization is anvil_mbqm_split with the shift split into left and right beforehand
 * (exact because no multiplier is INT32_MIN, which the generator checks).
 */
#ifndef ANVIL_KERNELS_CONV2D_SIMD_S8_PARAMS_H
#define ANVIL_KERNELS_CONV2D_SIMD_S8_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"

typedef struct {
  int32_t batches, in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t k_h, k_w;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
  /* 1: a 1×1 convolution, stride 1, no padding, reading its input pixels in place; 0: im2col. */
  int32_t pointwise;
  /* 1: multiplier, left and right hold one entry per output channel; 0: one entry for all. */
  int32_t per_channel;
  /*
   * Helium only (the DSP kernel ignores it): 1 when every channel shifts right and none left,
   * the usual case, which drops the left shift and the test for a zero right shift; 2 when no
   * channel shifts at all (anvil_mve_requant_none; the table keeps the zero right shifts).
   */
  int32_t right_only;
  int32_t input_offset, output_offset, act_min, act_max;
  /*
   * [out_c][k_h][k_w][in_c]; for Helium a table that also holds the bias and requantization
   * (see anvil_conv2d_mve_s8.h), which leaves the four pointers below NULL.
   */
  const int8_t *filter;
  /* Per output channel, with the input offset folded in (see above). */
  const int32_t *bias;
  const int32_t *multiplier;
  const uint8_t *left;
  const uint8_t *right;
  /*
   * DSP only (Helium ignores them): the layout variant of anvil_conv2d_dsp_s8.h, 0 the filter
   * rows in place, 1 the rows pre-extended to halfword pairs and interleaved two by two in
   * filter16 (filter unused), 2 the columns likewise; and that table, 4-byte aligned.
   */
  int32_t pairs;
  const int16_t *filter16;
} anvil_conv2d_simd_s8_params_t;

/*
 * Two im2col columns of K = k_h·k_w·in_c bytes each; none for the pointwise path. DSP variant
 * 2: the two columns pre-extended and interleaved too (2·K int16), pointwise as well.
 */
ANVIL_INLINE size_t anvil_conv2d_simd_s8_workspace_bytes(const anvil_conv2d_simd_s8_params_t *p) {
  const size_t K = (size_t)p->k_h * (size_t)p->k_w * (size_t)p->in_c;
  return (p->pointwise ? 0u : 2u * K) + (p->pairs == 2 ? 4u * K : 0u);
}

/* Receptive field of output pixel px as one column; taps in the padding read the zero point. */
ANVIL_INLINE void anvil_conv2d_simd_s8_im2col(const anvil_conv2d_simd_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int32_t px,
                                              int8_t *ANVIL_RESTRICT col) {
  const int32_t in_c = p->in_c, in_w = p->in_w, k_w = p->k_w;
  const int32_t iy0 = (px / p->out_w) * p->stride_h - p->pad_top;
  const int32_t ix0 = (px % p->out_w) * p->stride_w - p->pad_left;
  const int zp = -p->input_offset;
  int32_t fy, fx;
  for (fy = 0; fy < p->k_h; ++fy) {
    const int32_t iy = iy0 + p->dilation_h * fy;
    int8_t *dst = col + fy * k_w * in_c;
    if (iy < 0 || iy >= p->in_h) {
      memset(dst, zp, (size_t)(k_w * in_c));
      continue;
    }
    /* A row fully inside the input is one contiguous run of k_w pixels. */
    if (p->dilation_w == 1 && ix0 >= 0 && ix0 + k_w <= in_w) {
      memcpy(dst, x + (iy * in_w + ix0) * in_c, (size_t)(k_w * in_c));
      continue;
    }
    for (fx = 0; fx < k_w; ++fx) {
      const int32_t ix = ix0 + p->dilation_w * fx;
      if (ix < 0 || ix >= in_w)
        memset(dst + fx * in_c, zp, (size_t)in_c);
      else
        memcpy(dst + fx * in_c, x + (iy * in_w + ix) * in_c, (size_t)in_c);
    }
  }
}

/* The int8 output of channel c's accumulator. */
ANVIL_INLINE int8_t anvil_conv2d_simd_s8_out(const anvil_conv2d_simd_s8_params_t *p, int32_t acc, int32_t c) {
  const int32_t q = p->per_channel ? c : 0;
  return (int8_t)anvil_clamp(anvil_mbqm_split(acc, p->multiplier[q], p->left[q], p->right[q]) + p->output_offset, p->act_min, p->act_max);
}

/*
 * The same, inlined or not as GCC judges. The Helium kernel calls this one: its dot product
 * needs few registers and the bench measured GCC's own choice faster there, while the DSP
 * kernel, short of registers, is faster with im2col always inlined.
 */
static inline void anvil_conv2d_simd_s8_im2col_any(const anvil_conv2d_simd_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int32_t px,
                                                   int8_t *ANVIL_RESTRICT col) {
  anvil_conv2d_simd_s8_im2col(p, x, px, col);
}

#endif
