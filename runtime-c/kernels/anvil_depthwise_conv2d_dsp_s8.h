/*
 * anvil_depthwise_conv2d_dsp_s8: int8 depthwise convolution with the Armv7E-M DSP extension
 * (SXTB16 + SMLAxy), bit-exact with TensorFlow Lite's reference kernel.
 *
 * Depth multiplier 1, one batch, channels a multiple of four. Layouts: input
 * [1][in_h][in_w][channels], filter [1][k_h][k_w][channels] (TensorFlow Lite's own), output
 * [1][out_h][out_w][channels], int8, no alignment needed. bias: per channel, bias[c] +
 * input_offset · Σ w[c], so the loops multiply raw int8 inputs. Requantization:
 * anvil_mbqm_split per channel, or one for all (right_only: an equal, cheaper form, see
 * anvil_mbqm_right). Workspace: one row of `channels` bytes of the
 * input zero point.
 *
 * Four channels at a time, one tap at a time: SXTB16 splits a word of four channels into its
 * even and odd channels, and the bottom and top halves multiply straight into four
 * accumulators (SMLABB, SMLATT), so taps need no pairing (no packing, no zero tap for an odd
 * count) and the filter keeps its own layout. Output pixels whose window lies inside the
 * input read every tap at a fixed offset from the window's corner; once the geometry is
 * constant (a specialised call) those offsets are immediates. Border pixels first get one
 * pointer per tap, into the input or at the zero-point row for taps in the padding (whose
 * products the folded bias cancels).
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
  /*
   * 1: every multiplier is >= 0 and every shift a right shift of at least one (left all 0);
   * 2: every multiplier is >= 0 and every shift 0 (anvil_mbqm_noshift); 0: anything else.
   */
  int32_t right_only;
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

/*
 * Whether the C compiler knows e at compile time (a specialised call's geometry and flags):
 * the tap loops are then unrolled whole, so every tap's offsets become immediates. The shared
 * instance keeps plain loops, as unrolling a loop of unknown length only adds code.
 */
#if defined(__GNUC__) || defined(__clang__)
#define ANVIL_DW_DSP_CONST(e) __builtin_constant_p(e)
#define ANVIL_DW_DSP_UNROLL _Pragma("GCC unroll 64")
/*
 * An empty asm that claims to move the tap pointers after the accumulators: unrolled, GCC's
 * scheduler would otherwise hoist every tap's loads and unpacking to the top and spill them.
 */
#define ANVIL_DW_DSP_SEQ(xq, wq, a0, a1, a2, a3) __asm__("" : "+r"(xq), "+r"(wq) : "r"(a0), "r"(a1), "r"(a2), "r"(a3))
#else
#define ANVIL_DW_DSP_CONST(e) 0
#define ANVIL_DW_DSP_UNROLL
#define ANVIL_DW_DSP_SEQ(xq, wq, a0, a1, a2, a3) ((void)0)
#endif

/* acc[0..3] += x · w for the four channels of one tap (x and w: four int8 each). */
#define ANVIL_DW_DSP_MAC4(xv, wv, a0, a1, a2, a3)                                    \
  do {                                                                               \
    const int16x2_t xe_ = anvil_even16(xv), xo_ = anvil_odd16(xv);                   \
    const int16x2_t we_ = anvil_even16(wv), wo_ = anvil_odd16(wv);                   \
    (a0) = __smlabb(xe_, we_, (a0));                                                 \
    (a1) = __smlabb(xo_, wo_, (a1));                                                 \
    (a2) = __smlatt(xe_, we_, (a2));                                                 \
    (a3) = __smlatt(xo_, wo_, (a3));                                                 \
  } while (0)

/* The output offset and activation of a requantized sum. */
ANVIL_INLINE int8_t anvil_depthwise_conv2d_dsp_s8_act(const anvil_depthwise_conv2d_dsp_s8_params_t *p, int32_t r) {
  int32_t v = __ssat(r + p->output_offset, 8);
  /* SSAT already clamps to the int8 range; a constant activation inside it adds the rest. */
  if (p->act_min > -128) v = v < p->act_min ? p->act_min : v;
  if (p->act_max < 127) v = v > p->act_max ? p->act_max : v;
  return (int8_t)v;
}

ANVIL_INLINE int8_t anvil_depthwise_conv2d_dsp_s8_out(const anvil_depthwise_conv2d_dsp_s8_params_t *p, int32_t acc, int32_t c) {
  const int32_t q = p->per_channel ? c : 0;
  return anvil_depthwise_conv2d_dsp_s8_act(p, p->right_only == 2 ? anvil_mbqm_noshift(acc, p->multiplier[q])
                                              : p->right_only    ? anvil_mbqm_right(acc, p->multiplier[q], p->right[q])
                                                                 : anvil_mbqm_split(acc, p->multiplier[q], p->left[q], p->right[q]));
}

/* Channels q..q+3. */
ANVIL_INLINE void anvil_depthwise_conv2d_dsp_s8_store4(const anvil_depthwise_conv2d_dsp_s8_params_t *p, int8_t *out, int32_t q,
                                                       int32_t a0, int32_t a1, int32_t a2, int32_t a3) {
  /* Per-tensor tables have one entry: the mask keeps index 0 without a branch. */
  const int32_t k = q & -p->per_channel, k1 = (q + 1) & -p->per_channel, k2 = (q + 2) & -p->per_channel,
                k3 = (q + 3) & -p->per_channel;
  const int32_t *m = p->multiplier;
  const uint8_t *r = p->right, *l = p->left;
  if (ANVIL_DW_DSP_CONST(p->right_only)) {
    /* Folded either way; channel by channel schedules a little better (0.15% on kws). */
    out[q] = anvil_depthwise_conv2d_dsp_s8_out(p, a0, q);
    out[q + 1] = anvil_depthwise_conv2d_dsp_s8_out(p, a1, q + 1);
    out[q + 2] = anvil_depthwise_conv2d_dsp_s8_out(p, a2, q + 2);
    out[q + 3] = anvil_depthwise_conv2d_dsp_s8_out(p, a3, q + 3);
  } else if (p->right_only == 2) {
    out[q] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_noshift(a0, m[k]));
    out[q + 1] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_noshift(a1, m[k1]));
    out[q + 2] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_noshift(a2, m[k2]));
    out[q + 3] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_noshift(a3, m[k3]));
  } else if (p->right_only) {
    /* The shared instance tests right_only once per group, not per channel. */
    out[q] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_right(a0, m[k], r[k]));
    out[q + 1] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_right(a1, m[k1], r[k1]));
    out[q + 2] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_right(a2, m[k2], r[k2]));
    out[q + 3] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_right(a3, m[k3], r[k3]));
  } else {
    out[q] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_split(a0, m[k], l[k], r[k]));
    out[q + 1] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_split(a1, m[k1], l[k1], r[k1]));
    out[q + 2] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_split(a2, m[k2], l[k2], r[k2]));
    out[q + 3] = anvil_depthwise_conv2d_dsp_s8_act(p, anvil_mbqm_split(a3, m[k3], l[k3], r[k3]));
  }
}

/*
 * One output pixel whose window lies inside the input; `corner` is its top-left tap and
 * off[t] tap t's byte offset from it (read by the loops of unknown length only).
 */
ANVIL_INLINE void anvil_depthwise_conv2d_dsp_s8_inside(const anvil_depthwise_conv2d_dsp_s8_params_t *p, const int8_t *corner,
                                                       const int32_t *off, int8_t *out) {
  const int32_t C = p->channels, taps = p->k_h * p->k_w;
  /* Advanced in place, as ANVIL_DW_DSP_SEQ makes them opaque: no second copy. */
  const int8_t *xq = corner, *wq = p->filter;
  int32_t q, fy, fx, t;
  for (q = 0; q < C; q += 4, xq += 4, wq += 4) {
    int32_t a0 = p->bias[q], a1 = p->bias[q + 1], a2 = p->bias[q + 2], a3 = p->bias[q + 3];
    if (ANVIL_DW_DSP_CONST(p->k_h * p->k_w) && p->k_h * p->k_w <= 64) {
      ANVIL_DW_DSP_UNROLL
      for (fy = 0; fy < p->k_h; ++fy) {
        ANVIL_DW_DSP_UNROLL
        for (fx = 0; fx < p->k_w; ++fx) {
          const uint32_t xv = anvil_rd32(xq + (fy * p->dilation_h * p->in_w + fx * p->dilation_w) * C);
          const uint32_t wv = anvil_rd32(wq + (fy * p->k_w + fx) * C);
          ANVIL_DW_DSP_MAC4(xv, wv, a0, a1, a2, a3);
          ANVIL_DW_DSP_SEQ(xq, wq, a0, a1, a2, a3);
        }
      }
    } else {
      /* Offsets computed once per call and the filter walked by pointer: no multiply per tap. */
      const int8_t *wt = wq;
      for (t = 0; t < taps; ++t, wt += C) {
        const uint32_t xv = anvil_rd32(xq + off[t]), wv = anvil_rd32(wt);
        ANVIL_DW_DSP_MAC4(xv, wv, a0, a1, a2, a3);
      }
    }
    anvil_depthwise_conv2d_dsp_s8_store4(p, out, q, a0, a1, a2, a3);
  }
}

/* One output pixel from one pointer per tap. */
ANVIL_INLINE void anvil_depthwise_conv2d_dsp_s8_taps(const anvil_depthwise_conv2d_dsp_s8_params_t *p, const int8_t *const *tap,
                                                     int8_t *out) {
  const int32_t C = p->channels, taps = p->k_h * p->k_w;
  int32_t q, t;
  const int8_t *wq = p->filter; /* advanced in place, see _inside */
  for (q = 0; q < C; q += 4, wq += 4) {
    int32_t a0 = p->bias[q], a1 = p->bias[q + 1], a2 = p->bias[q + 2], a3 = p->bias[q + 3];
    if (ANVIL_DW_DSP_CONST(taps) && taps <= 64) {
      ANVIL_DW_DSP_UNROLL
      for (t = 0; t < taps; ++t) {
        const uint32_t xv = anvil_rd32(tap[t] + q), wv = anvil_rd32(wq + t * C);
        ANVIL_DW_DSP_MAC4(xv, wv, a0, a1, a2, a3);
        ANVIL_DW_DSP_SEQ(q, wq, a0, a1, a2, a3);
      }
    } else {
      const int8_t *wt = wq;
      for (t = 0; t < taps; ++t, wt += C) {
        const uint32_t xv = anvil_rd32(tap[t] + q), wv = anvil_rd32(wt);
        ANVIL_DW_DSP_MAC4(xv, wv, a0, a1, a2, a3);
      }
    }
    anvil_depthwise_conv2d_dsp_s8_store4(p, out, q, a0, a1, a2, a3);
  }
}

ANVIL_INLINE anvil_status_t anvil_depthwise_conv2d_dsp_s8_body(const anvil_depthwise_conv2d_dsp_s8_params_t *p,
                                                               const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                                               void *ANVIL_RESTRICT workspace) {
  const int32_t C = p->channels;
  const int32_t taps = p->k_h * p->k_w;
  /* The window's extent past its corner. */
  const int32_t span_h = (p->k_h - 1) * p->dilation_h, span_w = (p->k_w - 1) * p->dilation_w;
  int8_t *zrow = (int8_t *)workspace;
  /*
   * The tap pointers live in a fixed array when they fit: GCC turns a variable-length array
   * of constant length back into a plain one only up to a few words, and a real one costs the
   * frame pointer, a register the loops need. Larger filters take the variable-length one.
   */
  const int8_t *fixed_taps[ANVIL_DEPTHWISE_FIXED_TAPS];
  const int8_t *var_taps[taps <= ANVIL_DEPTHWISE_FIXED_TAPS ? 1 : taps];
  const int8_t **tap = taps <= ANVIL_DEPTHWISE_FIXED_TAPS ? fixed_taps : var_taps;
  int32_t fixed_off[ANVIL_DEPTHWISE_FIXED_TAPS];
  int32_t var_off[taps <= ANVIL_DEPTHWISE_FIXED_TAPS ? 1 : taps];
  int32_t *off = taps <= ANVIL_DEPTHWISE_FIXED_TAPS ? fixed_off : var_off;
  int32_t oy, ox, t = 0, fy, fx;
  memset(zrow, -p->input_offset, (size_t)C);
  /* Only the loops of unknown length read them (as _inside decides); elsewhere taps are immediates. */
  if (!(ANVIL_DW_DSP_CONST(taps) && taps <= 64))
    for (fy = 0; fy < p->k_h; ++fy)
      for (fx = 0; fx < p->k_w; ++fx) off[t++] = (fy * p->dilation_h * p->in_w + fx * p->dilation_w) * C;
  for (oy = 0; oy < p->out_h; ++oy) {
    const int32_t iy0 = oy * p->stride_h - p->pad_top;
    const int row_inside = iy0 >= 0 && iy0 + span_h < p->in_h;
    for (ox = 0; ox < p->out_w; ++ox) {
      const int32_t ix0 = ox * p->stride_w - p->pad_left;
      int8_t *out = y + (oy * p->out_w + ox) * C;
      if (row_inside && ix0 >= 0 && ix0 + span_w < p->in_w) {
        anvil_depthwise_conv2d_dsp_s8_inside(p, x + (iy0 * p->in_w + ix0) * C, off, out);
      } else {
        t = 0;
        for (fy = 0; fy < p->k_h; ++fy) {
          const int32_t iy = iy0 + p->dilation_h * fy;
          for (fx = 0; fx < p->k_w; ++fx) {
            const int32_t ix = ix0 + p->dilation_w * fx;
            tap[t++] = (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w) ? zrow : x + (iy * p->in_w + ix) * C;
          }
        }
        anvil_depthwise_conv2d_dsp_s8_taps(p, tap, out);
      }
    }
  }
  return ANVIL_OK;
}

#undef ANVIL_DW_DSP_MAC4
#undef ANVIL_DW_DSP_UNROLL
#undef ANVIL_DW_DSP_CONST
#undef ANVIL_DW_DSP_SEQ

/* The out-of-line instance (anvil_depthwise_conv2d_dsp_s8.c), shared by every node that calls it. */
anvil_status_t anvil_depthwise_conv2d_dsp_s8(const anvil_depthwise_conv2d_dsp_s8_params_t *params,
                                             const int8_t *x, int8_t *y, void *workspace);

#endif
