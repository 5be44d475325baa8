/*
 * anvil_depthwise_conv2d_mve_s8: int8 depthwise convolution with Helium (MVE), bit-exact with
 * TensorFlow Lite's reference kernel.
 *
 * Depth multiplier 1, one batch, channels a multiple of four. Layouts: input
 * [1][in_h][in_w][channels], output [1][out_h][out_w][channels], int8, no alignment needed.
 * filter: per group of eight channels, its k_h · k_w taps of eight weights each (zero past the
 * last channel), so the loops read it as one stream. lanes: per group of eight channels, 16-byte
 * aligned, the bias (bias[c] + input_offset · Σ w[c], so the loops multiply raw int8 inputs),
 * the multiplier, minus the right shift and, unless right_only, the left shift, each as
 * [4 even channels][4 odd channels] (zero past the last channel), one vector load per half.
 * right_only: every shift is a right shift of at least one, the shorter requantization of
 * anvil_mve_requant_right. Workspace: one row of `channels` bytes of the input zero point.
 *
 * Eight channels at a time widened to 16 bits, products widened into two vectors of 32-bit
 * sums (even and odd channels); only a last group of four is predicated. Output pixels whose
 * window lies inside the input read every tap at a fixed offset from the window's corner;
 * once the geometry is constant (a specialised call) the tap loops are unrolled whole and
 * those offsets fold into the addressing. Border pixels point each tap into the input or at
 * the zero-point row for taps in the padding (whose products the folded bias cancels).
 */
#ifndef ANVIL_KERNELS_DEPTHWISE_CONV2D_MVE_S8_H
#define ANVIL_KERNELS_DEPTHWISE_CONV2D_MVE_S8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_mve.h"
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
  /* 1: every shift a right shift (lanes hold no left shifts); 2: every shift 0 (likewise). */
  int32_t right_only;
  /* 1: no weight is -128, which lets the specialised loops sum taps in pairs in 16 bits. */
  int32_t pair_taps;
  int32_t input_offset, output_offset, act_min, act_max;
  const int8_t *filter;
  const int32_t *lanes;
} anvil_depthwise_conv2d_mve_s8_params_t;

ANVIL_INLINE size_t anvil_depthwise_conv2d_mve_s8_workspace_bytes(const anvil_depthwise_conv2d_mve_s8_params_t *p) {
  return (size_t)p->channels;
}

/* As in the DSP kernel: whole unrolling only for a constant tap count (a specialised call). */
#if defined(__GNUC__) || defined(__clang__)
#define ANVIL_DW_MVE_CONST(e) __builtin_constant_p(e)
#define ANVIL_DW_MVE_UNROLL _Pragma("GCC unroll 64")
/*
 * An empty asm that claims to move the pointers after the sums: unrolled, GCC's scheduler
 * would otherwise hoist every tap's loads to the top and spill them.
 */
#define ANVIL_DW_MVE_SEQ(xq, wq, even, odd) __asm__("" : "+r"(xq), "+r"(wq) : "w"(even), "w"(odd))
#else
#define ANVIL_DW_MVE_CONST(e) 0
#define ANVIL_DW_MVE_UNROLL
#define ANVIL_DW_MVE_SEQ(xq, wq, even, odd) ((void)0)
#endif

/* even/odd += the eight channels at xp times those at wp (the last group of four: predicated). */
#define ANVIL_DW_MVE_MAC(xp, wp, even, odd, tail, pred)                                                          \
  do {                                                                                                          \
    const int16x8_t xv_ = (tail) ? vldrbq_z_s16((xp), (pred)) : vldrbq_s16(xp);                                 \
    const int16x8_t wv_ = vldrbq_s16(wp);                                                                       \
    (even) = vaddq_s32((even), vmullbq_int_s16(xv_, wv_));                                                      \
    (odd) = vaddq_s32((odd), vmulltq_int_s16(xv_, wv_));                                                        \
  } while (0)

/*
 * anvil_mve_requant and anvil_mve_requant_right without their offset and clamp, which
 * anvil_depthwise_conv2d_mve_s8_store applies to both halves at once.
 */
ANVIL_INLINE int32x4_t anvil_depthwise_conv2d_mve_s8_scale(int32x4_t acc, int32x4_t mult, int32x4_t left, int32x4_t neg_right) {
  const int32x4_t h = vqrdmulhq_s32(vshlq_s32(acc, left), mult);
  return vrshlq_s32(vqaddq_s32(h, vshrq_n_s32(vandq_s32(h, neg_right), 31)), neg_right);
}

ANVIL_INLINE int32x4_t anvil_depthwise_conv2d_mve_s8_scale_right(int32x4_t acc, int32x4_t mult, int32x4_t neg_right) {
  const int32x4_t h = vqrdmulhq_s32(acc, mult);
  return vrshlq_s32(vqaddq_s32(h, vshrq_n_s32(h, 31)), neg_right);
}

/*
 * One tap, in pairs when no weight is -128 (pairs): |x · w| <= 128 · 127, so the sum of two
 * products still fits 16 bits and one widening serves both, 11 instructions a pair instead of
 * 12. pair holds an even tap's products until the odd one; a last unpaired tap widens alone.
 */
#define ANVIL_DW_MVE_TAP(xp, wp, t, taps, pairs, pair, even, odd, tail, pred)                                   \
  do {                                                                                                          \
    if ((pairs) && (((t) & 1) || (t) + 1 < (taps))) {                                                           \
      const int16x8_t xv_ = (tail) ? vldrbq_z_s16((xp), (pred)) : vldrbq_s16(xp);                               \
      const int16x8_t m_ = vmulq_s16(xv_, vldrbq_s16(wp));                                                      \
      if ((t) & 1) {                                                                                            \
        (pair) = vaddq_s16((pair), m_);                                                                         \
        (even) = vaddq_s32((even), vmovlbq_s16(pair));                                                          \
        (odd) = vaddq_s32((odd), vmovltq_s16(pair));                                                            \
      } else {                                                                                                  \
        (pair) = m_;                                                                                            \
      }                                                                                                         \
    } else {                                                                                                    \
      ANVIL_DW_MVE_MAC(xp, wp, even, odd, tail, pred);                                                          \
    }                                                                                                           \
  } while (0)

/* Requantizes the group whose tables start at lanes and stores its channels at out. */
ANVIL_INLINE void anvil_depthwise_conv2d_mve_s8_store(const anvil_depthwise_conv2d_mve_s8_params_t *p, int8_t *out, const int32_t *lanes,
                                                      int32x4_t even, int32x4_t odd, int tail) {
  const int32_t *mult = lanes + 8, *neg_right = lanes + 16, *left = lanes + 24;
  /* The tables are read after the sums (see ANVIL_DW_MVE_SEQ): hoisted, they were spilled. */
  ANVIL_DW_MVE_SEQ(mult, neg_right, even, odd);
  if (p->right_only == 2) {
    even = vqrdmulhq_s32(even, vldrwq_s32(mult));
    odd = vqrdmulhq_s32(odd, vldrwq_s32(mult + 4));
  } else if (p->right_only) {
    even = anvil_depthwise_conv2d_mve_s8_scale_right(even, vldrwq_s32(mult), vldrwq_s32(neg_right));
    odd = anvil_depthwise_conv2d_mve_s8_scale_right(odd, vldrwq_s32(mult + 4), vldrwq_s32(neg_right + 4));
  } else {
    ANVIL_DW_MVE_SEQ(left, mult, even, odd);
    even = anvil_depthwise_conv2d_mve_s8_scale(even, vldrwq_s32(mult), vldrwq_s32(left), vldrwq_s32(neg_right));
    odd = anvil_depthwise_conv2d_mve_s8_scale(odd, vldrwq_s32(mult + 4), vldrwq_s32(left + 4), vldrwq_s32(neg_right + 4));
  }
  {
    /*
     * Even and odd channels interleave back into order as 16-bit lanes, where the offset and
     * the clamp take one instruction each instead of two. Saturating to 16 bits first keeps
     * every result's side of the int8 range, so the clamp is unchanged.
     */
    int16x8_t v;
#if defined(__GNUC__) && !defined(__clang__) && defined(__OPTIMIZE__)
    /* Narrowed in place: through the intrinsics GCC first copied each source to the destination. */
    __asm__("vqmovnb.s32 %q0, %q0\n\tvqmovnt.s32 %q0, %q1" : "+w"(even) : "w"(odd));
    v = vqaddq_n_s16(vreinterpretq_s16_s32(even), (int16_t)p->output_offset);
    if (p->act_min == -128 && p->act_max == 127)
      __asm__("vqmovnb.s16 %q0, %q0" : "+w"(v));
    else
#else
    v = vqmovntq_s32(vqmovnbq_s32(vreinterpretq_s16_s32(even), even), odd);
    v = vqaddq_n_s16(v, (int16_t)p->output_offset);
    if (p->act_min == -128 && p->act_max == 127)
      v = vreinterpretq_s16_s8(vqmovnbq_s16(vreinterpretq_s8_s16(v), v));
    else
#endif
      v = vminq_s16(vmaxq_s16(v, vdupq_n_s16((int16_t)p->act_min)), vdupq_n_s16((int16_t)p->act_max));
    /* Channels come in multiples of four: a last group holds four. */
    if (tail)
      vstrbq_p_s16(out, v, vctp16q(4));
    else
      vstrbq_s16(out, v);
  }
}

/*
 * One group of a pixel whose window lies inside the input; xq and wq point at its channels,
 * off[t] is tap t's byte offset from xq (read by the loop of unknown length only).
 */
ANVIL_INLINE void anvil_depthwise_conv2d_mve_s8_inside_group(const anvil_depthwise_conv2d_mve_s8_params_t *p, const int8_t *xq,
                                                             const int8_t *wq, const int32_t *off, const int32_t *lanes, int8_t *out,
                                                             int tail) {
  const int32_t C = p->channels;
  const mve_pred16_t pred = vctp16q(4);
  const int pairs = ANVIL_DW_MVE_CONST(p->pair_taps) && p->pair_taps;
  int16x8_t pair = vdupq_n_s16(0);
  int32x4_t even = vldrwq_s32(lanes), odd = vldrwq_s32(lanes + 4);
  int32_t fy, fx;
  /* Only whole groups: a last group of four is rare and would double the unrolled code. */
  if (ANVIL_DW_MVE_CONST(p->k_h * p->k_w) && p->k_h * p->k_w <= 64 && !tail) {
    /* Columns relative to the middle one: each filter row's taps are then immediates off one pointer. */
    const int32_t mid = p->k_w / 2;
    ANVIL_DW_MVE_UNROLL
    for (fy = 0; fy < p->k_h; ++fy) {
      const int8_t *xr = xq + (fy * p->dilation_h * p->in_w + mid * p->dilation_w) * C;
      ANVIL_DW_MVE_UNROLL
      for (fx = 0; fx < p->k_w; ++fx) {
        ANVIL_DW_MVE_TAP(xr + (fx - mid) * p->dilation_w * C, wq, fy * p->k_w + fx, p->k_h * p->k_w, pairs, pair, even, odd, tail, pred);
        wq += 8;
        ANVIL_DW_MVE_SEQ(xr, wq, even, odd);
      }
    }
  } else {
    /* Offsets computed once per call: no multiply per tap. */
    const int32_t taps = p->k_h * p->k_w;
    int32_t t;
    for (t = 0; t < taps; ++t, wq += 8) ANVIL_DW_MVE_MAC(xq + off[t], wq, even, odd, tail, pred);
  }
  anvil_depthwise_conv2d_mve_s8_store(p, out, lanes, even, odd, tail);
}

/* One group of a pixel from one pointer per tap. */
ANVIL_INLINE void anvil_depthwise_conv2d_mve_s8_taps_group(const anvil_depthwise_conv2d_mve_s8_params_t *p, const int8_t *const *tap,
                                                           int32_t c, const int8_t *wq, const int32_t *lanes, int8_t *out, int tail) {
  const int32_t taps = p->k_h * p->k_w;
  const mve_pred16_t pred = vctp16q(4);
  const int pairs = ANVIL_DW_MVE_CONST(p->pair_taps) && p->pair_taps;
  int16x8_t pair = vdupq_n_s16(0);
  int32x4_t even = vldrwq_s32(lanes), odd = vldrwq_s32(lanes + 4);
  int32_t t;
  if (ANVIL_DW_MVE_CONST(taps) && taps <= 64 && !tail) {
    ANVIL_DW_MVE_UNROLL
    for (t = 0; t < taps; ++t) {
      ANVIL_DW_MVE_TAP(tap[t] + c, wq, t, taps, pairs, pair, even, odd, tail, pred);
      wq += 8;
      ANVIL_DW_MVE_SEQ(c, wq, even, odd);
    }
  } else {
    for (t = 0; t < taps; ++t, wq += 8) ANVIL_DW_MVE_MAC(tap[t] + c, wq, even, odd, tail, pred);
  }
  anvil_depthwise_conv2d_mve_s8_store(p, out, lanes, even, odd, tail);
}

/*
 * A border pixel of a specialised call with at most this many taps keeps one pointer per tap
 * in a register, each walking its channels as the weights do: no reload and offset per group.
 */
#define ANVIL_DW_MVE_REG_TAPS 9

/* One group of a border pixel, tp[t] walking tap t (a constant tap count, all unrolled). */
ANVIL_INLINE void anvil_depthwise_conv2d_mve_s8_reg_group(const anvil_depthwise_conv2d_mve_s8_params_t *p, const int8_t **tp,
                                                          const int8_t *wq, const int32_t *lanes, int8_t *out, int tail) {
  const mve_pred16_t pred = vctp16q(4);
  const int pairs = ANVIL_DW_MVE_CONST(p->pair_taps) && p->pair_taps;
  int16x8_t pair = vdupq_n_s16(0);
  int32x4_t even = vldrwq_s32(lanes), odd = vldrwq_s32(lanes + 4);
  int32_t t;
  ANVIL_DW_MVE_UNROLL
  for (t = 0; t < p->k_h * p->k_w; ++t) {
    ANVIL_DW_MVE_TAP(tp[t], wq, t, p->k_h * p->k_w, pairs, pair, even, odd, tail, pred);
    tp[t] += 8;
    wq += 8;
    ANVIL_DW_MVE_SEQ(tp[t], wq, even, odd);
  }
  anvil_depthwise_conv2d_mve_s8_store(p, out, lanes, even, odd, tail);
}

ANVIL_INLINE anvil_status_t anvil_depthwise_conv2d_mve_s8_body(const anvil_depthwise_conv2d_mve_s8_params_t *p,
                                                               const int8_t *ANVIL_RESTRICT x, int8_t *ANVIL_RESTRICT y,
                                                               void *ANVIL_RESTRICT workspace) {
  const int32_t C = p->channels;
  const int32_t full = C & ~7;
  const int32_t taps = p->k_h * p->k_w;
  /* Per group: bias, multiplier, minus the right shift and, unless right_only, the left shift. */
  const int32_t lanes_step = p->right_only ? 24 : 32;
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
  int32_t oy, ox, c;
  memset(zrow, -p->input_offset, (size_t)C);
  /*
   * Only the loop of unknown length reads them (exactly when _inside_group does not unroll:
   * a shared call, over 64 taps, or a last group of four); elsewhere taps are immediates.
   */
  if (!(ANVIL_DW_MVE_CONST(taps) && taps <= 64) || full < C) {
    int32_t t = 0, fy, fx;
    for (fy = 0; fy < p->k_h; ++fy)
      for (fx = 0; fx < p->k_w; ++fx) off[t++] = (fy * p->dilation_h * p->in_w + fx * p->dilation_w) * C;
  }
  for (oy = 0; oy < p->out_h; ++oy) {
    const int32_t iy0 = oy * p->stride_h - p->pad_top;
    const int row_inside = iy0 >= 0 && iy0 + span_h < p->in_h;
    for (ox = 0; ox < p->out_w; ++ox) {
      const int32_t ix0 = ox * p->stride_w - p->pad_left;
      int8_t *oq = y + (oy * p->out_w + ox) * C;
      const int8_t *wq = p->filter;
      const int32_t *lq = p->lanes;
      if (row_inside && ix0 >= 0 && ix0 + span_w < p->in_w) {
        const int8_t *xq = x + (iy0 * p->in_w + ix0) * C;
        for (c = 0; c < full; c += 8, xq += 8, wq += 8 * taps, lq += lanes_step, oq += 8)
          anvil_depthwise_conv2d_mve_s8_inside_group(p, xq, wq, off, lq, oq, 0);
        if (c < C) anvil_depthwise_conv2d_mve_s8_inside_group(p, xq, wq, off, lq, oq, 1);
      } else if (ANVIL_DW_MVE_CONST(taps) && taps <= ANVIL_DW_MVE_REG_TAPS) {
        const int8_t *tp[ANVIL_DW_MVE_REG_TAPS];
        int32_t fy, fx;
        ANVIL_DW_MVE_UNROLL
        for (fy = 0; fy < p->k_h; ++fy) {
          const int32_t iy = iy0 + p->dilation_h * fy;
          ANVIL_DW_MVE_UNROLL
          for (fx = 0; fx < p->k_w; ++fx) {
            const int32_t ix = ix0 + p->dilation_w * fx;
            tp[fy * p->k_w + fx] = (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w) ? zrow : x + (iy * p->in_w + ix) * C;
          }
        }
        for (c = 0; c < full; c += 8, wq += 8 * taps, lq += lanes_step, oq += 8) anvil_depthwise_conv2d_mve_s8_reg_group(p, tp, wq, lq, oq, 0);
        if (c < C) anvil_depthwise_conv2d_mve_s8_reg_group(p, tp, wq, lq, oq, 1);
      } else {
        int32_t t = 0, fy, fx;
        for (fy = 0; fy < p->k_h; ++fy) {
          const int32_t iy = iy0 + p->dilation_h * fy;
          for (fx = 0; fx < p->k_w; ++fx) {
            const int32_t ix = ix0 + p->dilation_w * fx;
            tap[t++] = (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w) ? zrow : x + (iy * p->in_w + ix) * C;
          }
        }
        for (c = 0; c < full; c += 8, wq += 8 * taps, lq += lanes_step, oq += 8)
          anvil_depthwise_conv2d_mve_s8_taps_group(p, tap, c, wq, lq, oq, 0);
        if (c < C) anvil_depthwise_conv2d_mve_s8_taps_group(p, tap, c, wq, lq, oq, 1);
      }
    }
  }
  return ANVIL_OK;
}

#undef ANVIL_DW_MVE_MAC
#undef ANVIL_DW_MVE_TAP
#undef ANVIL_DW_MVE_UNROLL
#undef ANVIL_DW_MVE_CONST
#undef ANVIL_DW_MVE_SEQ
#undef ANVIL_DW_MVE_REG_TAPS

/* The out-of-line instance (anvil_depthwise_conv2d_mve_s8.c), shared by every node that calls it. */
anvil_status_t anvil_depthwise_conv2d_mve_s8(const anvil_depthwise_conv2d_mve_s8_params_t *params,
                                             const int8_t *x, int8_t *y, void *workspace);

#endif
