/*
 * anvil_depthwise_conv2d_rv32_s8: int8 depthwise 2-D convolution for scalar RV32 cores
 * (RV32IMC, RV32IMAC), bit-exact with anvil_depthwise_conv2d_s8 (TensorFlow Lite's reference).
 *
 * Layouts: input [batches][in_h][in_w][in_c], output [batches][out_h][out_w][out_c], int8, no
 * alignment needed; output channel oc = ic · depth_multiplier + m reads input channel ic.
 * `filter` is the generator's table [out_c][k_h][k_w] (the model's [1][k_h][k_w][out_c]
 * transposed, so one channel's taps are contiguous). `bias`: per output channel, bias +
 * input_offset · Σ w folded in. Requantization per output channel, or one for all (see
 * anvil_quant_rv32_s8_params.h). Workspace: one input plane of plane_h · plane_w bytes (see
 * anvil_depthwise_conv2d_rv32_s8_workspace_bytes).
 *
 * One channel at a time: its input plane is copied to the workspace with the padding set to
 * the input zero point (whose products the folded bias cancels exactly as the reference skips
 * them), so every window is whole and contiguous in rows, and no tap needs a bounds check. A
 * 3×3 window (no dilation, stride 1 or 2 across) computes four output pixels per pass, each
 * loaded input byte feeding up to three of them (2.5 to 2.75 instructions per MAC in the
 * loop). With nine MACs per output the requantization is then a third of the time: measured
 * 5.5 instructions per MAC on kws's 3×3 layer against 21 for the reference, both specialised.
 * Other windows take a plain loop over the taps of one pixel.
 */
#ifndef ANVIL_KERNELS_DEPTHWISE_CONV2D_RV32_S8_H
#define ANVIL_KERNELS_DEPTHWISE_CONV2D_RV32_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/status.h"
#include "anvil_quant_rv32_s8_params.h"

typedef struct {
  int32_t batches, in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t k_h, k_w, depth_multiplier;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
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
} anvil_depthwise_conv2d_rv32_s8_params_t;

/* The rows and columns of input the windows cover, padding included: the plane's size. */
ANVIL_INLINE int32_t anvil_depthwise_conv2d_rv32_s8_plane_h(const anvil_depthwise_conv2d_rv32_s8_params_t *p) {
  return (p->out_h - 1) * p->stride_h + (p->k_h - 1) * p->dilation_h + 1;
}

ANVIL_INLINE int32_t anvil_depthwise_conv2d_rv32_s8_plane_w(const anvil_depthwise_conv2d_rv32_s8_params_t *p) {
  return (p->out_w - 1) * p->stride_w + (p->k_w - 1) * p->dilation_w + 1;
}

ANVIL_INLINE size_t anvil_depthwise_conv2d_rv32_s8_workspace_bytes(const anvil_depthwise_conv2d_rv32_s8_params_t *p) {
  return (size_t)anvil_depthwise_conv2d_rv32_s8_plane_h(p) * (size_t)anvil_depthwise_conv2d_rv32_s8_plane_w(p);
}

/* Channel ic of input xb as a plane_h × plane_w plane, the zero point outside the input. */
ANVIL_INLINE void anvil_depthwise_conv2d_rv32_s8_plane(const anvil_depthwise_conv2d_rv32_s8_params_t *p, const int8_t *ANVIL_RESTRICT xb,
                                                       int32_t ic, int32_t ph, int32_t pw, int8_t *ANVIL_RESTRICT plane) {
  const int32_t in_c = p->in_c, in_w = p->in_w;
  const int8_t zp = (int8_t)-p->input_offset;
  /* Columns [lo, hi) of the plane lie inside the input. */
  const int32_t lo = p->pad_left < pw ? p->pad_left : pw;
  const int32_t hi = in_w + p->pad_left < pw ? in_w + p->pad_left : pw;
  int32_t py, i;
  for (py = 0; py < ph; ++py) {
    const int32_t iy = py - p->pad_top;
    int8_t *dst = plane + py * pw;
    if (iy < 0 || iy >= p->in_h || hi <= lo) {
      anvil_rv32_s8_fill(dst, zp, pw);
      continue;
    }
    {
      const int8_t *src = xb + (iy * in_w + lo - p->pad_left) * in_c + ic;
      anvil_rv32_s8_fill(dst, zp, lo);
      /* Four per pass: the gather's offsets become immediates when in_c is a literal. */
      for (i = lo; i + 4 <= hi; i += 4, src += 4 * in_c) {
        dst[i] = src[0];
        dst[i + 1] = src[in_c];
        dst[i + 2] = src[2 * in_c];
        dst[i + 3] = src[3 * in_c];
      }
      for (; i < hi; ++i, src += in_c) dst[i] = *src;
      anvil_rv32_s8_fill(dst + hi, zp, pw - hi);
    }
  }
}

/* One row of a 3×3 window: three taps from q at the weights wa, wb, wc, for pixel offset o. */
#define ANVIL_DW_RV32_ROW3(a, q, o, wa, wb, wc) (a += (wa) * (q)[(o)] + (wb) * (q)[(o) + 1] + (wc) * (q)[(o) + 2])

/*
 * One output channel over its padded plane for a 3×3 window without dilation, stride sw
 * across (a constant where called, so the taps of four pixels are immediate offsets from one
 * pointer) and row_step bytes of plane down.
 */
ANVIL_INLINE void anvil_depthwise_conv2d_rv32_s8_chan3x3(const int8_t *ANVIL_RESTRICT plane, int32_t pw, const int32_t sw, int32_t row_step,
                                                         const int8_t *ANVIL_RESTRICT wt, int32_t bias, anvil_rv32_s8_quant_t q,
                                                         const anvil_depthwise_conv2d_rv32_s8_params_t *p, int8_t *ANVIL_RESTRICT y) {
  const int32_t w0 = wt[0], w1 = wt[1], w2 = wt[2], w3 = wt[3], w4 = wt[4], w5 = wt[5], w6 = wt[6], w7 = wt[7], w8 = wt[8];
  const int32_t right_only = p->right_only, output_offset = p->output_offset, act_min = p->act_min, act_max = p->act_max;
  const int32_t out_c = p->out_c, out_w = p->out_w, quads = out_w / 4;
  int32_t oy, ox;
  for (oy = 0; oy < p->out_h; ++oy) {
    const int8_t *r0 = plane + oy * row_step;
    const int8_t *r1 = r0 + pw, *r2 = r0 + 2 * pw;
    int8_t *o = y + oy * out_w * out_c;
    for (ox = 0; ox < quads; ++ox) {
      int32_t a0 = bias, a1 = bias, a2 = bias, a3 = bias, wa, wb, wc;
      /*
       * Row by row, each row's three weights loaded after a fence: kept in registers for the
       * whole channel, the nine weights pushed other values to the stack (14 accesses per
       * pass with GCC 12), where reloading them costs nine loads.
       */
      ANVIL_RV32_LOAD_FENCE();
      wa = wt[0], wb = wt[1], wc = wt[2];
      ANVIL_DW_RV32_ROW3(a0, r0, 0, wa, wb, wc), ANVIL_DW_RV32_ROW3(a1, r0, sw, wa, wb, wc);
      ANVIL_DW_RV32_ROW3(a2, r0, 2 * sw, wa, wb, wc), ANVIL_DW_RV32_ROW3(a3, r0, 3 * sw, wa, wb, wc);
      ANVIL_RV32_LOAD_FENCE();
      wa = wt[3], wb = wt[4], wc = wt[5];
      ANVIL_DW_RV32_ROW3(a0, r1, 0, wa, wb, wc), ANVIL_DW_RV32_ROW3(a1, r1, sw, wa, wb, wc);
      ANVIL_DW_RV32_ROW3(a2, r1, 2 * sw, wa, wb, wc), ANVIL_DW_RV32_ROW3(a3, r1, 3 * sw, wa, wb, wc);
      ANVIL_RV32_LOAD_FENCE();
      wa = wt[6], wb = wt[7], wc = wt[8];
      ANVIL_DW_RV32_ROW3(a0, r2, 0, wa, wb, wc), ANVIL_DW_RV32_ROW3(a1, r2, sw, wa, wb, wc);
      ANVIL_DW_RV32_ROW3(a2, r2, 2 * sw, wa, wb, wc), ANVIL_DW_RV32_ROW3(a3, r2, 3 * sw, wa, wb, wc);
      o[0] = anvil_rv32_s8_out(a0, q, right_only, output_offset, act_min, act_max);
      o[out_c] = anvil_rv32_s8_out(a1, q, right_only, output_offset, act_min, act_max);
      o[2 * out_c] = anvil_rv32_s8_out(a2, q, right_only, output_offset, act_min, act_max);
      o[3 * out_c] = anvil_rv32_s8_out(a3, q, right_only, output_offset, act_min, act_max);
      r0 += 4 * sw, r1 += 4 * sw, r2 += 4 * sw, o += 4 * out_c;
    }
    for (ox = 4 * quads; ox < out_w; ++ox) {
      int32_t a0 = bias;
      ANVIL_DW_RV32_ROW3(a0, r0, 0, w0, w1, w2);
      ANVIL_DW_RV32_ROW3(a0, r1, 0, w3, w4, w5);
      ANVIL_DW_RV32_ROW3(a0, r2, 0, w6, w7, w8);
      *o = anvil_rv32_s8_out(a0, q, right_only, output_offset, act_min, act_max);
      r0 += sw, r1 += sw, r2 += sw, o += out_c;
    }
  }
}

/* One output row of one channel for any window: the taps of one pixel at a time. */
ANVIL_INLINE void anvil_depthwise_conv2d_rv32_s8_row(const int8_t *ANVIL_RESTRICT r0, int32_t pw, const int8_t *ANVIL_RESTRICT wt, int32_t bias,
                                                     anvil_rv32_s8_quant_t q, const anvil_depthwise_conv2d_rv32_s8_params_t *p,
                                                     int8_t *ANVIL_RESTRICT o) {
  const int32_t k_h = p->k_h, k_w = p->k_w, dh = p->dilation_h * pw, dw = p->dilation_w;
  int32_t ox, fy, fx;
  for (ox = 0; ox < p->out_w; ++ox) {
    const int8_t *win = r0 + ox * p->stride_w;
    const int8_t *w = wt;
    int32_t acc = bias;
    for (fy = 0; fy < k_h; ++fy, win += dh, w += k_w)
      for (fx = 0; fx < k_w; ++fx) acc += w[fx] * win[fx * dw];
    o[ox * p->out_c] = anvil_rv32_s8_out(acc, q, p->right_only, p->output_offset, p->act_min, p->act_max);
  }
}

ANVIL_INLINE anvil_status_t anvil_depthwise_conv2d_rv32_s8_body(const anvil_depthwise_conv2d_rv32_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                                int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t ph = anvil_depthwise_conv2d_rv32_s8_plane_h(p), pw = anvil_depthwise_conv2d_rv32_s8_plane_w(p);
  const int32_t out_c = p->out_c, taps = p->k_h * p->k_w, M = p->depth_multiplier;
  const int32_t row_step = p->stride_h * pw;
  const int fast = p->k_h == 3 && p->k_w == 3 && p->dilation_h == 1 && p->dilation_w == 1 && (p->stride_w == 1 || p->stride_w == 2);
  int8_t *const plane = (int8_t *)workspace;
  int32_t b, ic, m, oy;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + b * p->in_h * p->in_w * p->in_c;
    int8_t *yb = y + b * p->out_h * p->out_w * out_c;
    for (ic = 0; ic < p->in_c; ++ic) {
      anvil_depthwise_conv2d_rv32_s8_plane(p, xb, ic, ph, pw, plane);
      for (m = 0; m < M; ++m) {
        const int32_t oc = ic * M + m;
        const int8_t *wt = p->filter + oc * taps;
        const int32_t bias = p->bias[oc];
        const anvil_rv32_s8_quant_t q = anvil_rv32_s8_quant(p->multiplier, p->left, p->right, p->per_channel ? oc : 0);
        const int8_t *r0 = plane;
        int8_t *o = yb + oc;
        if (fast && p->stride_w == 1)
          anvil_depthwise_conv2d_rv32_s8_chan3x3(plane, pw, 1, row_step, wt, bias, q, p, o);
        else if (fast)
          anvil_depthwise_conv2d_rv32_s8_chan3x3(plane, pw, 2, row_step, wt, bias, q, p, o);
        else
          for (oy = 0; oy < p->out_h; ++oy, r0 += row_step, o += p->out_w * out_c) anvil_depthwise_conv2d_rv32_s8_row(r0, pw, wt, bias, q, p, o);
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_depthwise_conv2d_rv32_s8.c), shared by every node that calls it. */
anvil_status_t anvil_depthwise_conv2d_rv32_s8(const anvil_depthwise_conv2d_rv32_s8_params_t *params, const int8_t *x, int8_t *y,
                                              void *workspace);

#endif
