/*
 * anvil_avgpool2d_dsp_s8: int8 average pooling with the Armv7E-M DSP extension (SXTAB16),
 * bit-exact with TensorFlow Lite's reference kernel (anvil_avgpool2d_s8): the window is clipped
 * to the image, so padding never counts, and the mean rounds half away from zero.
 *
 * Layouts: input [batches][in_h][in_w][channels], output [batches][out_h][out_w][channels],
 * int8, no alignment needed, any channel count. Every window must overlap the image (the
 * compiler's verifier guarantees it) and hold at most 255 taps once clipped
 * (min(filter_h, in_h) · min(filter_w, in_w) <= 255, which the generator checks): the sums are
 * kept in 16-bit halves, exact while |sum| <= 255 · 128. Workspace: none.
 *
 * Eight channels a pass: per tap two word loads, and each word's even and odd bytes added,
 * sign-extended, to two halfword pairs by one SXTAB16 each (the odd bytes through its ROR #8);
 * the halves never carry into each other. Then a pass of four, and the last channels % 4 one
 * at a time. A window that spans whole rows is walked as one run of taps. Each mean is
 * TFLite's (s ± d/2) / d, one SDIV, then the activation's clamp.
 */
#ifndef ANVIL_KERNELS_AVGPOOL2D_DSP_S8_H
#define ANVIL_KERNELS_AVGPOOL2D_DSP_S8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_dsp.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"
#include "anvil_pool2d_s8_params.h"

typedef anvil_pool2d_s8_params_t anvil_avgpool2d_dsp_s8_params_t;

ANVIL_INLINE size_t anvil_avgpool2d_dsp_s8_workspace_bytes(const anvil_avgpool2d_dsp_s8_params_t *p) { return anvil_pool2d_s8_workspace_bytes(p); }

/* acc plus bytes 0 and 2 of w, sign-extended, halfword by halfword. */
ANVIL_INLINE uint32_t anvil_avgpool2d_dsp_s8_even(uint32_t acc, uint32_t w) { return (uint32_t)__sxtab16((int16x2_t)acc, (int8x4_t)w); }

/* acc plus bytes 1 and 3 of w: SXTAB16 with ROR #8, spelled out as in anvil_odd16. */
#if defined(__GNUC__) || defined(__clang__)
ANVIL_INLINE uint32_t anvil_avgpool2d_dsp_s8_odd(uint32_t acc, uint32_t w) {
  uint32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(acc), "r"(w));
  return r;
}
#else
ANVIL_INLINE uint32_t anvil_avgpool2d_dsp_s8_odd(uint32_t acc, uint32_t w) {
  return (uint32_t)__sxtab16((int16x2_t)acc, (int8x4_t)((w >> 8) | (w << 24)));
}
#endif

/* The rounded mean of sum over count taps (half = count / 2), clamped to [lo, hi]. */
ANVIL_INLINE int8_t anvil_avgpool2d_dsp_s8_mean(int32_t sum, int32_t count, int32_t half, int32_t lo, int32_t hi) {
  const int32_t avg = (sum > 0 ? sum + half : sum - half) / count;
  return (int8_t)anvil_clamp(avg, lo, hi);
}

/* The low and high halfword of a pair, sign-extended. */
#define ANVIL_AVGPOOL_DSP_LO(v) ((int32_t)(int16_t)(uint16_t)((v) & 0xFFFFu))
#define ANVIL_AVGPOOL_DSP_HI(v) ((int32_t)(int16_t)(uint16_t)((v) >> 16))

ANVIL_INLINE anvil_status_t anvil_avgpool2d_dsp_s8_body(const anvil_avgpool2d_dsp_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                        int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t channels = p->channels, in_w = p->in_w;
  const int32_t row_step = in_w * channels;
  const int32_t lo = p->act_min, hi = p->act_max;
  int8_t *out = y;
  int32_t b, oy, ox;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    for (oy = 0; oy < p->out_h; ++oy) {
      int32_t iy0, fy0, fy1;
      anvil_pool2d_s8_window(oy, p->stride_h, p->pad_top, p->filter_h, p->in_h, &iy0, &fy0, &fy1);
      for (ox = 0; ox < p->out_w; ++ox) {
        int32_t rows, cols, count, half, c, r, k;
        const int8_t *window;
        window = anvil_pool2d_s8_run(p, x, b, iy0, fy0, fy1, ox, &rows, &cols);
        count = rows * cols;
        half = count / 2;
        for (c = 0; c + 8 <= channels; c += 8) {
          uint32_t e0 = 0, o0 = 0, e1 = 0, o1 = 0;
          const int8_t *row = window + c;
          for (r = 0; r < rows; ++r) {
            const int8_t *px = row;
            for (k = 0; k < cols; ++k) {
              const uint32_t w0 = anvil_rd32(px), w1 = anvil_rd32(px + 4);
              e0 = anvil_avgpool2d_dsp_s8_even(e0, w0);
              o0 = anvil_avgpool2d_dsp_s8_odd(o0, w0);
              e1 = anvil_avgpool2d_dsp_s8_even(e1, w1);
              o1 = anvil_avgpool2d_dsp_s8_odd(o1, w1);
              px += channels;
            }
            row += row_step;
          }
          out[c + 0] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_LO(e0), count, half, lo, hi);
          out[c + 1] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_LO(o0), count, half, lo, hi);
          out[c + 2] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_HI(e0), count, half, lo, hi);
          out[c + 3] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_HI(o0), count, half, lo, hi);
          out[c + 4] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_LO(e1), count, half, lo, hi);
          out[c + 5] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_LO(o1), count, half, lo, hi);
          out[c + 6] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_HI(e1), count, half, lo, hi);
          out[c + 7] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_HI(o1), count, half, lo, hi);
        }
        if (c + 4 <= channels) {
          uint32_t e0 = 0, o0 = 0;
          const int8_t *row = window + c;
          for (r = 0; r < rows; ++r) {
            const int8_t *px = row;
            for (k = 0; k < cols; ++k) {
              const uint32_t w0 = anvil_rd32(px);
              e0 = anvil_avgpool2d_dsp_s8_even(e0, w0);
              o0 = anvil_avgpool2d_dsp_s8_odd(o0, w0);
              px += channels;
            }
            row += row_step;
          }
          out[c + 0] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_LO(e0), count, half, lo, hi);
          out[c + 1] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_LO(o0), count, half, lo, hi);
          out[c + 2] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_HI(e0), count, half, lo, hi);
          out[c + 3] = anvil_avgpool2d_dsp_s8_mean(ANVIL_AVGPOOL_DSP_HI(o0), count, half, lo, hi);
          c += 4;
        }
        for (; c < channels; ++c) {
          int32_t sum = 0;
          const int8_t *row = window + c;
          for (r = 0; r < rows; ++r) {
            for (k = 0; k < cols; ++k) sum += row[k * channels];
            row += row_step;
          }
          out[c] = anvil_avgpool2d_dsp_s8_mean(sum, count, half, lo, hi);
        }
        out += channels;
      }
    }
  }
  return ANVIL_OK;
}

#undef ANVIL_AVGPOOL_DSP_LO
#undef ANVIL_AVGPOOL_DSP_HI

/* The out-of-line instance (anvil_avgpool2d_dsp_s8.c), shared by every node that calls it. */
anvil_status_t anvil_avgpool2d_dsp_s8(const anvil_avgpool2d_dsp_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
