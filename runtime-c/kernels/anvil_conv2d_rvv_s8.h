/*
 * anvil_conv2d_rvv_s8: int8 2-D convolution with RISC-V vectors (RVV 1.0, Zve32x, VLEN >= 128),
 * bit-exact with TensorFlow Lite's reference kernel. Ungrouped only. Without vector
 * intrinsics (any other compiler or ISA) the same tables drive a plain C loop.
 *
 * Layouts: input [batches][in_h][in_w][in_c], output [batches][out_h][out_w][out_c], int8, no
 * alignment needed. `filter` is not the [out_c][k_h][k_w][in_c] tensor but a table the
 * generator lays out per chunk of ANVIL_RVV_CHUNK output channels (vl of them, fewer in the
 * last): for each k of K = k_h·k_w·in_c in the filter's own order, the chunk's vl weights
 * w[oc][k] side by side (K·vl bytes), so the loop reads it as one stream. `lanes`: the chunks'
 * constants as anvil/internal/rvv.h lays them out, the bias already holding
 * bias[c] + input_offset · Σ w[c] (the loops multiply raw int8 inputs; taps in the padding
 * read the input zero point, whose products that fold cancels as the reference skips them).
 * right_only: 1 every shift is a right one, 2 none is (vsmul alone); either way lanes hold no
 * left shifts. Workspace: two im2col
 * columns of K bytes (none when pointwise: a 1×1 convolution, stride 1, no padding, reading
 * its input pixels in place).
 *
 * Vectorised across output channels: two output pixels at a time (an odd last one alone)
 * against one chunk, each weight vector loaded once, widened to 16 bits and multiplied by one
 * input byte of each pixel into 32-bit sums (vwmacc.vx), so the chunk's sums come out as a
 * vector that is requantized and stored as it stands.
 */
#ifndef ANVIL_KERNELS_CONV2D_RVV_S8_H
#define ANVIL_KERNELS_CONV2D_RVV_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/internal/rvv.h"
#include "anvil/status.h"

typedef struct {
  int32_t batches, in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t k_h, k_w;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
  /* 1: a 1×1 convolution, stride 1, no padding, reading its input pixels in place; 0: im2col. */
  int32_t pointwise;
  /* 1: every shift is a right shift (lanes hold no left shifts). */
  int32_t right_only;
  int32_t input_offset, output_offset, act_min, act_max;
  const int8_t *filter;
  const int32_t *lanes;
} anvil_conv2d_rvv_s8_params_t;

ANVIL_INLINE size_t anvil_conv2d_rvv_s8_workspace_bytes(const anvil_conv2d_rvv_s8_params_t *p) {
  return p->pointwise ? 0u : 2u * (size_t)p->k_h * (size_t)p->k_w * (size_t)p->in_c;
}

/* Receptive field of output pixel px as one column; taps in the padding read the zero point. */
ANVIL_INLINE void anvil_conv2d_rvv_s8_im2col(const anvil_conv2d_rvv_s8_params_t *p, const int8_t *ANVIL_RESTRICT x, int32_t px,
                                             int8_t *ANVIL_RESTRICT col) {
  const int32_t in_c = p->in_c, in_w = p->in_w, k_w = p->k_w;
  const int32_t iy0 = (px / p->out_w) * p->stride_h - p->pad_top;
  const int32_t ix0 = (px % p->out_w) * p->stride_w - p->pad_left;
  const int8_t zp = (int8_t)-p->input_offset;
  int32_t fy, fx;
  for (fy = 0; fy < p->k_h; ++fy) {
    const int32_t iy = iy0 + p->dilation_h * fy;
    int8_t *dst = col + fy * k_w * in_c;
    if (iy < 0 || iy >= p->in_h) {
      anvil_rvv_fill(dst, zp, k_w * in_c);
      continue;
    }
    /* A row inside the input is one run of k_w pixels: one copy rather than one per tap. */
    if (p->dilation_w == 1 && ix0 >= 0 && ix0 + k_w <= in_w) {
      anvil_rvv_copy(dst, x + (iy * in_w + ix0) * in_c, k_w * in_c);
      continue;
    }
    for (fx = 0; fx < k_w; ++fx) {
      const int32_t ix = ix0 + p->dilation_w * fx;
      if (ix < 0 || ix >= in_w)
        anvil_rvv_fill(dst + fx * in_c, zp, in_c);
      else
        anvil_rvv_copy(dst + fx * in_c, x + (iy * in_w + ix) * in_c, in_c);
    }
  }
}

/* One chunk of vl output channels for the two pixels whose columns are c0 and c1. */
ANVIL_INLINE void anvil_conv2d_rvv_s8_chunk(const anvil_conv2d_rvv_s8_params_t *p, const int8_t *w, const int32_t *lanes, const int8_t *c0,
                                            const int8_t *c1, int32_t K, int32_t vl, int8_t *y0, int8_t *y1) {
#if ANVIL_RVV
  const size_t n = (size_t)vl;
  vint32m8_t a0 = __riscv_vle32_v_i32m8(lanes, n), a1 = a0;
  vint16m4_t wv, wu;
  int32_t k = 1;
  /*
   * The first tap outside the loop: the loop then starts in the vector type it runs in
   * (16-bit elements), and LLVM sets it once rather than on every pass. Two taps a pass halve
   * the pointer and branch overhead.
   */
  wv = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w, n), n);
  w += vl;
  a0 = __riscv_vwmacc_vx_i32m8(a0, (int16_t)c0[0], wv, n);
  a1 = __riscv_vwmacc_vx_i32m8(a1, (int16_t)c1[0], wv, n);
  for (; k + 1 < K; k += 2) {
    wv = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w, n), n);
    wu = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w + vl, n), n);
    w += 2 * vl;
    a0 = __riscv_vwmacc_vx_i32m8(a0, (int16_t)c0[k], wv, n);
    a1 = __riscv_vwmacc_vx_i32m8(a1, (int16_t)c1[k], wv, n);
    a0 = __riscv_vwmacc_vx_i32m8(a0, (int16_t)c0[k + 1], wu, n);
    a1 = __riscv_vwmacc_vx_i32m8(a1, (int16_t)c1[k + 1], wu, n);
  }
  if (k < K) {
    wv = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w, n), n);
    a0 = __riscv_vwmacc_vx_i32m8(a0, (int16_t)c0[k], wv, n);
    a1 = __riscv_vwmacc_vx_i32m8(a1, (int16_t)c1[k], wv, n);
  }
  anvil_rvv_requant_store(a0, lanes, p->right_only, p->output_offset, p->act_min, p->act_max, y0, n);
  anvil_rvv_requant_store(a1, lanes, p->right_only, p->output_offset, p->act_min, p->act_max, y1, n);
#else
  int32_t j, k;
  for (j = 0; j < vl; ++j) {
    int32_t s0 = 0, s1 = 0;
    for (k = 0; k < K; ++k) {
      s0 += (int32_t)w[k * vl + j] * c0[k];
      s1 += (int32_t)w[k * vl + j] * c1[k];
    }
    y0[j] = anvil_rvv_requant_one(anvil_add_wrap(s0, lanes[j]), lanes, j, vl, p->right_only, p->output_offset, p->act_min, p->act_max);
    y1[j] = anvil_rvv_requant_one(anvil_add_wrap(s1, lanes[j]), lanes, j, vl, p->right_only, p->output_offset, p->act_min, p->act_max);
  }
#endif
}

/*
 * One chunk for a single pixel (an odd last one, or a fully connected layer of one row): the
 * loop of the pair with half the products and one requantization.
 */
ANVIL_INLINE void anvil_conv2d_rvv_s8_chunk1(const anvil_conv2d_rvv_s8_params_t *p, const int8_t *w, const int32_t *lanes, const int8_t *c0,
                                             int32_t K, int32_t vl, int8_t *y0) {
#if ANVIL_RVV
  const size_t n = (size_t)vl;
  vint32m8_t a0 = __riscv_vle32_v_i32m8(lanes, n);
  int32_t k = 1;
  /* First tap outside the loop and two a pass, as in the pair. */
  a0 = __riscv_vwmacc_vx_i32m8(a0, (int16_t)c0[0], __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w, n), n), n);
  w += vl;
  for (; k + 1 < K; k += 2) {
    a0 = __riscv_vwmacc_vx_i32m8(a0, (int16_t)c0[k], __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w, n), n), n);
    a0 = __riscv_vwmacc_vx_i32m8(a0, (int16_t)c0[k + 1], __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w + vl, n), n), n);
    w += 2 * vl;
  }
  if (k < K) a0 = __riscv_vwmacc_vx_i32m8(a0, (int16_t)c0[k], __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w, n), n), n);
  anvil_rvv_requant_store(a0, lanes, p->right_only, p->output_offset, p->act_min, p->act_max, y0, n);
#else
  int32_t j, k;
  for (j = 0; j < vl; ++j) {
    int32_t s0 = 0;
    for (k = 0; k < K; ++k) s0 += (int32_t)w[k * vl + j] * c0[k];
    y0[j] = anvil_rvv_requant_one(anvil_add_wrap(s0, lanes[j]), lanes, j, vl, p->right_only, p->output_offset, p->act_min, p->act_max);
  }
#endif
}

/* Output pixels px and px1 of one batch (px1 == px: px alone), every chunk of output channels. */
ANVIL_INLINE void anvil_conv2d_rvv_s8_pixels(const anvil_conv2d_rvv_s8_params_t *p, const int8_t *xb, int8_t *yb, int32_t px, int32_t px1,
                                             void *workspace) {
  const int32_t out_c = p->out_c, in_c = p->in_c;
  const int32_t K = p->k_h * p->k_w * in_c;
  const int8_t *w = p->filter;
  const int32_t *lanes = p->lanes;
  const int8_t *c0, *c1;
  int32_t oc;
  if (p->pointwise) {
    c0 = xb + px * in_c;
    c1 = xb + px1 * in_c;
  } else {
    int8_t *col = (int8_t *)workspace;
    anvil_conv2d_rvv_s8_im2col(p, xb, px, col);
    if (px1 != px) anvil_conv2d_rvv_s8_im2col(p, xb, px1, col + K);
    c0 = col;
    c1 = col + K;
  }
  for (oc = 0; oc < out_c; oc += ANVIL_RVV_CHUNK) {
    const int32_t vl = anvil_rvv_chunk(out_c, oc);
    if (px1 != px)
      anvil_conv2d_rvv_s8_chunk(p, w, lanes, c0, c1, K, vl, yb + px * out_c + oc, yb + px1 * out_c + oc);
    else
      anvil_conv2d_rvv_s8_chunk1(p, w, lanes, c0, K, vl, yb + px * out_c + oc);
    w += K * vl;
    lanes += anvil_rvv_lanes_per_chunk(vl, p->right_only);
  }
}

ANVIL_INLINE anvil_status_t anvil_conv2d_rvv_s8_body(const anvil_conv2d_rvv_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                     int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t pixels = p->out_h * p->out_w;
  int32_t b, px;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + b * p->in_h * p->in_w * p->in_c;
    int8_t *yb = y + b * pixels * p->out_c;
    /* Pairs of pixels, then an odd last one alone (its own copy of the loops, so the pairs' stay as they were). */
    for (px = 0; px + 1 < pixels; px += 2) anvil_conv2d_rvv_s8_pixels(p, xb, yb, px, px + 1, workspace);
    if (px < pixels) anvil_conv2d_rvv_s8_pixels(p, xb, yb, px, px, workspace);
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_conv2d_rvv_s8.c), shared by every node that calls it. */
anvil_status_t anvil_conv2d_rvv_s8(const anvil_conv2d_rvv_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
