/*
 * anvil_conv2d_rv32_s8: int8 2-D convolution for scalar RV32 cores (RV32IMC, RV32IMAC),
 * bit-exact with anvil_conv2d_s8 (TensorFlow Lite's reference). Ungrouped only.
 *
 * Layouts: input [batches][in_h][in_w][in_c], output [batches][out_h][out_w][out_c], int8, no
 * alignment needed. `filter` is the generator's table: per group of four output channels,
 * k = 0..K-1 (K = k_h·k_w·in_c, in the reference's [k_h][k_w][in_c] order) with the group's
 * four weights of tap k side by side (zeros past out_c). `bias`: per output channel (ceil(out_c
 * / 4)·4 entries), bias + input_offset · Σ w folded in. Requantization per output channel, or
 * one for all (see anvil_quant_rv32_s8_params.h). Workspace: three im2col columns of K bytes
 * (none when pointwise).
 *
 * A matrix product tiled three output pixels by four output channels: twelve sums in
 * registers, so each loaded input byte feeds four multiplies and each weight three (2.75
 * instructions per MAC in the loop, against about 9 for the reference's loop nest, which
 * reloads both operands and recomputes addresses for every MAC). Pixels are read in place when
 * pointwise, else copied by im2col with the padding taps set to the input zero point, whose
 * products the folded bias cancels exactly as the reference skips them. A last partial tile
 * repeats its last pixel and stores only the real ones.
 */
#ifndef ANVIL_KERNELS_CONV2D_RV32_S8_H
#define ANVIL_KERNELS_CONV2D_RV32_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/status.h"
#include "anvil_quant_rv32_s8_params.h"

typedef struct {
  int32_t batches, in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t k_h, k_w;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
  /* 1: a 1×1 convolution, stride 1, no padding, input pixels read in place; 0: im2col. */
  int32_t pointwise;
  /* 1: multiplier, left and right hold one entry per output channel; 0: one for all. */
  int32_t per_channel;
  /* 1: every multiplier >= 0 and every shift a right shift by 1..31 (anvil_mbqm_right); 2: every shift 0 (anvil_mbqm_noshift). */
  int32_t right_only;
  int32_t input_offset, output_offset, act_min, act_max;
  const int8_t *filter;
  const int32_t *bias;
  const int32_t *multiplier;
  const uint8_t *left;
  const uint8_t *right;
} anvil_conv2d_rv32_s8_params_t;

ANVIL_INLINE size_t anvil_conv2d_rv32_s8_workspace_bytes(const anvil_conv2d_rv32_s8_params_t *p) {
  return p->pointwise ? 0u : 3u * (size_t)p->k_h * (size_t)p->k_w * (size_t)p->in_c;
}

/* Output pixel px's receptive field as one column of K bytes; padding taps read the zero point. */
ANVIL_INLINE void anvil_conv2d_rv32_s8_im2col(const anvil_conv2d_rv32_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int32_t oy, int32_t ox,
                                              int8_t *ANVIL_RESTRICT col) {
  const int32_t in_c = p->in_c, in_w = p->in_w, k_w = p->k_w;
  const int32_t iy0 = oy * p->stride_h - p->pad_top;
  const int32_t ix0 = ox * p->stride_w - p->pad_left;
  const int8_t zp = (int8_t)-p->input_offset;
  int32_t fy, fx;
  for (fy = 0; fy < p->k_h; ++fy) {
    const int32_t iy = iy0 + p->dilation_h * fy;
    int8_t *dst = col + fy * k_w * in_c;
    if (iy < 0 || iy >= p->in_h) {
      anvil_rv32_s8_fill(dst, zp, k_w * in_c);
    } else if (p->dilation_w == 1 && ix0 >= 0 && ix0 + k_w <= in_w) {
      /* The whole row inside the input: one run of k_w pixels. */
      anvil_rv32_s8_copy(dst, x + (iy * in_w + ix0) * in_c, k_w * in_c);
    } else {
      for (fx = 0; fx < k_w; ++fx) {
        const int32_t ix = ix0 + p->dilation_w * fx;
        if (ix < 0 || ix >= in_w)
          anvil_rv32_s8_fill(dst + fx * in_c, zp, in_c);
        else
          anvil_rv32_s8_copy(dst + fx * in_c, x + (iy * in_w + ix) * in_c, in_c);
      }
    }
  }
}

/* One tap of the tile: three inputs (one per pixel) against the group's four weights at w. */
#define ANVIL_CONV2D_RV32_TAP(w, k)                                                                                                        \
  do {                                                                                                                                     \
    int32_t x0_, x1_, x2_, w_;                                                                                                             \
    ANVIL_RV32_LOAD_FENCE();                                                                                                               \
    x0_ = c0[k], x1_ = c1[k], x2_ = c2[k];                                                                                                 \
    w_ = (w)[0], s00 += w_ * x0_, s01 += w_ * x1_, s02 += w_ * x2_;                                                                        \
    w_ = (w)[1], s10 += w_ * x0_, s11 += w_ * x1_, s12 += w_ * x2_;                                                                        \
    w_ = (w)[2], s20 += w_ * x0_, s21 += w_ * x1_, s22 += w_ * x2_;                                                                        \
    w_ = (w)[3], s30 += w_ * x0_, s31 += w_ * x1_, s32 += w_ * x2_;                                                                        \
  } while (0)

/*
 * The twelve sums of one group of four channels (weights w, four per tap) over three columns
 * of K bytes; acc[3·j + i] is channel j at pixel i, and starts as that channel's bias.
 * Three pixels, not four: sixteen sums, their operands, pointers and a product left GCC 12
 * one register short on RV32, and the spills cost more than the fourth pixel saves.
 */
ANVIL_INLINE void anvil_conv2d_rv32_s8_tile(const int8_t *ANVIL_RESTRICT w, const int8_t *c0, const int8_t *c1, const int8_t *c2, int32_t K,
                                            int32_t acc[12]) {
  int32_t s00 = acc[0], s01 = acc[1], s02 = acc[2];
  int32_t s10 = acc[3], s11 = acc[4], s12 = acc[5];
  int32_t s20 = acc[6], s21 = acc[7], s22 = acc[8];
  int32_t s30 = acc[9], s31 = acc[10], s32 = acc[11];
  const int8_t *const end8 = c0 + (K & ~7);
  const int8_t *const end4 = c0 + (K & ~3);
  const int8_t *const end = c0 + K;
  /* Eight taps per pass: every load then has an immediate offset, and the pointers move once. */
  while (c0 != end8) {
    ANVIL_CONV2D_RV32_TAP(w, 0);
    ANVIL_CONV2D_RV32_TAP(w + 4, 1);
    ANVIL_CONV2D_RV32_TAP(w + 8, 2);
    ANVIL_CONV2D_RV32_TAP(w + 12, 3);
    ANVIL_CONV2D_RV32_TAP(w + 16, 4);
    ANVIL_CONV2D_RV32_TAP(w + 20, 5);
    ANVIL_CONV2D_RV32_TAP(w + 24, 6);
    ANVIL_CONV2D_RV32_TAP(w + 28, 7);
    c0 += 8, c1 += 8, c2 += 8, w += 32;
  }
  if (c0 != end4) {
    ANVIL_CONV2D_RV32_TAP(w, 0);
    ANVIL_CONV2D_RV32_TAP(w + 4, 1);
    ANVIL_CONV2D_RV32_TAP(w + 8, 2);
    ANVIL_CONV2D_RV32_TAP(w + 12, 3);
    c0 += 4, c1 += 4, c2 += 4, w += 16;
  }
  while (c0 != end) {
    ANVIL_CONV2D_RV32_TAP(w, 0);
    ++c0, ++c1, ++c2, w += 4;
  }
  acc[0] = s00, acc[1] = s01, acc[2] = s02;
  acc[3] = s10, acc[4] = s11, acc[5] = s12;
  acc[6] = s20, acc[7] = s21, acc[8] = s22;
  acc[9] = s30, acc[10] = s31, acc[11] = s32;
}

ANVIL_INLINE anvil_status_t anvil_conv2d_rv32_s8_body(const anvil_conv2d_rv32_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                      int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t out_c = p->out_c, in_c = p->in_c, out_w = p->out_w;
  const int32_t K = p->k_h * p->k_w * in_c;
  const int32_t pixels = p->out_h * out_w;
  const int32_t right_only = p->right_only, output_offset = p->output_offset, act_min = p->act_min, act_max = p->act_max;
  int8_t *const col = (int8_t *)workspace;
  int32_t b, px, g, i, j;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + b * p->in_h * p->in_w * in_c;
    int8_t *yb = y + b * pixels * out_c;
    /* The output position of pixel px, kept as a pair to spare a division per pixel. */
    int32_t oy = 0, ox = 0;
    for (px = 0; px < pixels; px += 3) {
      const int32_t n = pixels - px < 3 ? pixels - px : 3;
      const int8_t *c[3];
      for (i = 0; i < 3; ++i) {
        if (i >= n) {
          c[i] = c[n - 1];
        } else if (p->pointwise) {
          c[i] = xb + (px + i) * in_c;
        } else {
          anvil_conv2d_rv32_s8_im2col(p, xb, oy, ox, col + i * K);
          c[i] = col + i * K;
          if (++ox == out_w) ox = 0, ++oy;
        }
      }
      for (g = 0; 4 * g < out_c; ++g) {
        int32_t acc[12];
        for (j = 0; j < 4; ++j) acc[3 * j] = acc[3 * j + 1] = acc[3 * j + 2] = p->bias[4 * g + j];
        anvil_conv2d_rv32_s8_tile(p->filter + 4 * g * K, c[0], c[1], c[2], K, acc);
        if (n == 3 && 4 * g + 4 <= out_c) {
          /* A whole tile: straight-line stores, the sums never leave registers. */
          for (j = 0; j < 4; ++j) {
            const int32_t oc = 4 * g + j;
            const anvil_rv32_s8_quant_t q = anvil_rv32_s8_quant(p->multiplier, p->left, p->right, p->per_channel ? oc : 0);
            int8_t *o = yb + px * out_c + oc;
            o[0] = anvil_rv32_s8_out(acc[3 * j], q, right_only, output_offset, act_min, act_max);
            o[out_c] = anvil_rv32_s8_out(acc[3 * j + 1], q, right_only, output_offset, act_min, act_max);
            o[2 * out_c] = anvil_rv32_s8_out(acc[3 * j + 2], q, right_only, output_offset, act_min, act_max);
          }
        } else {
          for (j = 0; j < 4 && 4 * g + j < out_c; ++j) {
            const int32_t oc = 4 * g + j;
            const anvil_rv32_s8_quant_t q = anvil_rv32_s8_quant(p->multiplier, p->left, p->right, p->per_channel ? oc : 0);
            int8_t *o = yb + px * out_c + oc;
            for (i = 0; i < n; ++i) o[i * out_c] = anvil_rv32_s8_out(acc[3 * j + i], q, right_only, output_offset, act_min, act_max);
          }
        }
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_conv2d_rv32_s8.c), shared by every node that calls it. */
anvil_status_t anvil_conv2d_rv32_s8(const anvil_conv2d_rv32_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
