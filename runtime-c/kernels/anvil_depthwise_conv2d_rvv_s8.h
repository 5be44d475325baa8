/*
 * anvil_depthwise_conv2d_rvv_s8: int8 depthwise 2-D convolution with RISC-V vectors (RVV 1.0,
 * Zve32x, VLEN >= 128), bit-exact with TensorFlow Lite's reference kernel. Depth multiplier 1.
 * Without vector intrinsics (any other compiler or ISA) the same tables drive a plain C loop.
 *
 * Layouts: input [batches][in_h][in_w][channels], output [batches][out_h][out_w][channels],
 * int8, no alignment needed. `filter`: per chunk of ANVIL_RVV_CHUNK channels (vl of them,
 * fewer in the last), its k_h·k_w taps in the filter's order, each the chunk's vl weights
 * widened to int16 (one load a tap, no widening in the loop; depthwise filters are small).
 * `lanes`: the chunks' constants as anvil/internal/rvv.h lays them out, the bias holding
 * bias[c] + input_offset · Σ w[c] (the loops multiply raw int8 inputs). right_only: 1 every
 * shift is a right one, 2 none is (vsmul alone); either way lanes hold no left shifts. Workspace: one row of `channels` bytes of
 * the input zero point, which taps in the padding read (their products cancel in the fold,
 * as the reference skips them).
 *
 * Vectorised across channels: per output pixel and chunk, each tap is one load of the input
 * pixel's channels, widened to 16 bits and multiplied into 32-bit sums with the tap's weights
 * (vwmacc.vv); the sums are requantized and stored as a vector.
 *
 * Packed (pack = P > 1, for few channels: stride_w 1 and channels · P = 32): one chunk of 32
 * lanes holding P adjacent output pixels, so `filter` holds per tap 32 weights (the tap's
 * channels repeated P times) and `lanes` one chunk of 32 (each channel's constants repeated
 * likewise). Workspace then: k_h copies of input rows with their padding, k_h · (out_w +
 * (k_w - 1) · dilation_w) · channels bytes.
 */
#ifndef ANVIL_KERNELS_DEPTHWISE_CONV2D_RVV_S8_H
#define ANVIL_KERNELS_DEPTHWISE_CONV2D_RVV_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/internal/rvv.h"
#include "anvil/status.h"

#ifndef ANVIL_RVV_DW_FIXED_TAPS
/* Filters of up to this many taps (5×5 and smaller) keep a pointer per tap on the stack. */
#define ANVIL_RVV_DW_FIXED_TAPS 32
#endif

typedef struct {
  int32_t batches, in_h, in_w, channels;
  int32_t out_h, out_w;
  int32_t k_h, k_w;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
  /* 1: every shift is a right shift (lanes hold no left shifts). */
  int32_t right_only;
  /*
   * 0: channels in chunks, pixel by pixel. P > 1: P adjacent output pixels a vector (stride_w
   * 1, channels · P = 32), filter and lanes laid out 32 lanes wide (see the top).
   */
  int32_t pack;
  int32_t input_offset, output_offset, act_min, act_max;
  const int16_t *filter;
  const int32_t *lanes;
} anvil_depthwise_conv2d_rvv_s8_params_t;

/* Pixels of the input rows the packed form copies, padding included: what the out_w windows span. */
ANVIL_INLINE int32_t anvil_depthwise_conv2d_rvv_s8_span(const anvil_depthwise_conv2d_rvv_s8_params_t *p) {
  return p->out_w + (p->k_w - 1) * p->dilation_w;
}

ANVIL_INLINE size_t anvil_depthwise_conv2d_rvv_s8_workspace_bytes(const anvil_depthwise_conv2d_rvv_s8_params_t *p) {
  if (p->pack > 1) return (size_t)p->k_h * (size_t)anvil_depthwise_conv2d_rvv_s8_span(p) * (size_t)p->channels;
  return (size_t)p->channels;
}

/* One chunk of vl channels of one output pixel, each tap's bounds tested as it comes (larger filters). */
ANVIL_INLINE void anvil_depthwise_conv2d_rvv_s8_chunk(const anvil_depthwise_conv2d_rvv_s8_params_t *p, const int8_t *x, const int8_t *zp,
                                                      int32_t iy0, int32_t ix0, const int16_t *w, const int32_t *lanes, int32_t vl,
                                                      int8_t *out) {
  const int32_t C = p->channels, in_w = p->in_w;
  int32_t fy, fx;
#if ANVIL_RVV
  const size_t n = (size_t)vl;
  vint32m8_t acc = __riscv_vle32_v_i32m8(lanes, n);
#else
  int32_t sums[ANVIL_RVV_CHUNK] = {0};
  int32_t j;
#endif
  for (fy = 0; fy < p->k_h; ++fy) {
    const int32_t iy = iy0 + p->dilation_h * fy;
    const int row_in = iy >= 0 && iy < p->in_h;
    const int8_t *row = row_in ? x + iy * in_w * C : x;
    for (fx = 0; fx < p->k_w; ++fx) {
      const int32_t ix = ix0 + p->dilation_w * fx;
      const int8_t *src = row_in && ix >= 0 && ix < in_w ? row + ix * C : zp;
#if ANVIL_RVV
      const vint16m4_t xv = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(src, n), n);
      acc = __riscv_vwmacc_vv_i32m8(acc, xv, __riscv_vle16_v_i16m4(w, n), n);
#else
      for (j = 0; j < vl; ++j) sums[j] += (int32_t)w[j] * src[j];
#endif
      w += vl;
    }
  }
#if ANVIL_RVV
  anvil_rvv_requant_store(acc, lanes, p->right_only, p->output_offset, p->act_min, p->act_max, out, n);
#else
  for (j = 0; j < vl; ++j)
    out[j] = anvil_rvv_requant_one(anvil_add_wrap(sums[j], lanes[j]), lanes, j, vl, p->right_only, p->output_offset, p->act_min, p->act_max);
#endif
}

/*
 * The same over tap pointers worked out once per pixel (src[t] + c, at channel c), which the
 * chunks of a wide layer then share: one load of a pointer per tap instead of its bounds tests.
 */
ANVIL_INLINE void anvil_depthwise_conv2d_rvv_s8_chunk_at(const anvil_depthwise_conv2d_rvv_s8_params_t *p, const int8_t *const *src, int32_t taps,
                                                         int32_t c, const int16_t *w, const int32_t *lanes, int32_t vl, int8_t *out) {
  int32_t t;
#if ANVIL_RVV
  const size_t n = (size_t)vl;
  vint32m8_t acc = __riscv_vle32_v_i32m8(lanes, n);
  /*
   * The first tap outside the loop, so that the loop starts in the vector type it runs in
   * (16-bit elements) and LLVM sets it once, not on every pass.
   */
  acc = __riscv_vwmacc_vv_i32m8(acc, __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(src[0] + c, n), n), __riscv_vle16_v_i16m4(w, n), n);
  w += vl;
  for (t = 1; t < taps; ++t) {
    const vint16m4_t xv = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(src[t] + c, n), n);
    acc = __riscv_vwmacc_vv_i32m8(acc, xv, __riscv_vle16_v_i16m4(w, n), n);
    w += vl;
  }
  anvil_rvv_requant_store(acc, lanes, p->right_only, p->output_offset, p->act_min, p->act_max, out, n);
#else
  int32_t sums[ANVIL_RVV_CHUNK] = {0};
  int32_t j;
  for (t = 0; t < taps; ++t) {
    for (j = 0; j < vl; ++j) sums[j] += (int32_t)w[j] * src[t][c + j];
    w += vl;
  }
  for (j = 0; j < vl; ++j)
    out[j] = anvil_rvv_requant_one(anvil_add_wrap(sums[j], lanes[j]), lanes, j, vl, p->right_only, p->output_offset, p->act_min, p->act_max);
#endif
}

/*
 * The packed form, for few channels: per output row, the k_h input rows its windows read are
 * copied with their padding filled in (the zero point), so every tap of every pixel reads at
 * a fixed offset, no bounds to test; then P pixels at a time, their P · channels bytes one
 * vector (the lanes tables repeat the channels' constants P times).
 */
ANVIL_INLINE void anvil_depthwise_conv2d_rvv_s8_packed(const anvil_depthwise_conv2d_rvv_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                       int8_t *ANVIL_RESTRICT y, int8_t *ANVIL_RESTRICT rows) {
  const int32_t C = p->channels, span = anvil_depthwise_conv2d_rvv_s8_span(p);
  const int32_t row_bytes = span * C;
  /* Columns of the copy that hold input pixels: [j0, j1), input column j - pad_left. */
  const int32_t j0 = p->pad_left < span ? p->pad_left : span;
  const int32_t j1 = p->pad_left + p->in_w < span ? p->pad_left + p->in_w : span;
  const int8_t zp = (int8_t)-p->input_offset;
  int32_t b, oy, ox, fy, fx;
  for (b = 0; b < p->batches; ++b) {
    for (oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      int8_t *out = y + (b * p->out_h + oy) * p->out_w * C;
      for (fy = 0; fy < p->k_h; ++fy) {
        const int32_t iy = iy0 + p->dilation_h * fy;
        int8_t *dst = rows + fy * row_bytes;
        if (iy < 0 || iy >= p->in_h || j1 <= j0) {
          anvil_rvv_fill(dst, zp, row_bytes);
          continue;
        }
        anvil_rvv_fill(dst, zp, j0 * C);
        anvil_rvv_copy(dst + j0 * C, x + ((b * p->in_h + iy) * p->in_w + j0 - p->pad_left) * C, (j1 - j0) * C);
        anvil_rvv_fill(dst + j1 * C, zp, (span - j1) * C);
      }
      for (ox = 0; ox < p->out_w; ox += p->pack) {
        /* The last group of a row may be short of P pixels. */
        const int32_t n = (p->out_w - ox < p->pack ? p->out_w - ox : p->pack) * C;
        const int16_t *w = p->filter;
#if ANVIL_RVV
        const size_t vl = (size_t)n;
        vint32m8_t acc = __riscv_vle32_v_i32m8(p->lanes, vl);
        for (fy = 0; fy < p->k_h; ++fy) {
          const int8_t *src = rows + fy * row_bytes + ox * C;
          for (fx = 0; fx < p->k_w; ++fx) {
            const vint16m4_t xv = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(src, vl), vl);
            acc = __riscv_vwmacc_vv_i32m8(acc, xv, __riscv_vle16_v_i16m4(w, vl), vl);
            src += p->dilation_w * C;
            w += ANVIL_RVV_CHUNK;
          }
        }
        anvil_rvv_requant_store_at(acc, p->lanes, ANVIL_RVV_CHUNK, p->right_only, p->output_offset, p->act_min, p->act_max, out + ox * C, vl);
#else
        int32_t sums[ANVIL_RVV_CHUNK] = {0};
        int32_t j;
        for (fy = 0; fy < p->k_h; ++fy) {
          const int8_t *src = rows + fy * row_bytes + ox * C;
          for (fx = 0; fx < p->k_w; ++fx) {
            for (j = 0; j < n; ++j) sums[j] += (int32_t)w[j] * src[j];
            src += p->dilation_w * C;
            w += ANVIL_RVV_CHUNK;
          }
        }
        for (j = 0; j < n; ++j)
          out[ox * C + j] = anvil_rvv_requant_one(anvil_add_wrap(sums[j], p->lanes[j]), p->lanes, j, ANVIL_RVV_CHUNK, p->right_only,
                                                  p->output_offset, p->act_min, p->act_max);
#endif
      }
    }
  }
}

ANVIL_INLINE anvil_status_t anvil_depthwise_conv2d_rvv_s8_body(const anvil_depthwise_conv2d_rvv_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                               int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t C = p->channels;
  const int32_t taps = p->k_h * p->k_w;
  int8_t *zp = (int8_t *)workspace;
  int32_t b, oy, ox, c;
  if (p->pack > 1) {
    anvil_depthwise_conv2d_rvv_s8_packed(p, x, y, zp);
    return ANVIL_OK;
  }
  anvil_rvv_fill(zp, (int8_t)-p->input_offset, C);
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + b * p->in_h * p->in_w * C;
    for (oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      for (ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_left;
        int8_t *out = y + ((b * p->out_h + oy) * p->out_w + ox) * C;
        const int16_t *w = p->filter;
        const int32_t *lanes = p->lanes;
        if (taps <= ANVIL_RVV_DW_FIXED_TAPS) {
          const int8_t *src[ANVIL_RVV_DW_FIXED_TAPS];
          int32_t fy, fx, t = 0;
          for (fy = 0; fy < p->k_h; ++fy) {
            const int32_t iy = iy0 + p->dilation_h * fy;
            const int row_in = iy >= 0 && iy < p->in_h;
            for (fx = 0; fx < p->k_w; ++fx) {
              const int32_t ix = ix0 + p->dilation_w * fx;
              src[t++] = row_in && ix >= 0 && ix < p->in_w ? xb + (iy * p->in_w + ix) * C : zp;
            }
          }
          for (c = 0; c < C; c += ANVIL_RVV_CHUNK) {
            const int32_t vl = anvil_rvv_chunk(C, c);
            anvil_depthwise_conv2d_rvv_s8_chunk_at(p, src, taps, c, w, lanes, vl, out + c);
            w += taps * vl;
            lanes += anvil_rvv_lanes_per_chunk(vl, p->right_only);
          }
          continue;
        }
        for (c = 0; c < C; c += ANVIL_RVV_CHUNK) {
          const int32_t vl = anvil_rvv_chunk(C, c);
          anvil_depthwise_conv2d_rvv_s8_chunk(p, xb + c, zp + c, iy0, ix0, w, lanes, vl, out + c);
          w += taps * vl;
          lanes += anvil_rvv_lanes_per_chunk(vl, p->right_only);
        }
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_depthwise_conv2d_rvv_s8.c), shared by every node that calls it. */
anvil_status_t anvil_depthwise_conv2d_rvv_s8(const anvil_depthwise_conv2d_rvv_s8_params_t *params, const int8_t *x, int8_t *y,
                                             void *workspace);

#endif
