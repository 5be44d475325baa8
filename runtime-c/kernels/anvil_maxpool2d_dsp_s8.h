/*
 * anvil_maxpool2d_dsp_s8: int8 max pooling with the Armv7E-M DSP extension (SSUB8 + SEL),
 * bit-exact with TensorFlow Lite's reference kernel (anvil_maxpool2d_s8): the window is clipped
 * to the image, so padding never counts.
 *
 * Layouts: input [batches][in_h][in_w][channels], output [batches][out_h][out_w][channels],
 * int8, no alignment needed, any channel count. Every window must overlap the image (the
 * compiler's verifier guarantees it). Workspace: none.
 *
 * Four channels a word, eight a pass: per tap and word, SSUB8 sets a GE flag per byte where
 * the tap is at least the maximum so far and SEL takes those bytes (signed bytes compared
 * exactly: SSUB8's flags are the signs of the exact 9-bit differences). The maximum starts at
 * -128, as the reference's. Then a pass of four and the last channels % 4 one at a time; a
 * window that spans whole rows is walked as one run of taps. The activation's clamp is the
 * same SSUB8 + SEL against its bounds, skipped for the whole int8 range.
 */
#ifndef ANVIL_KERNELS_MAXPOOL2D_DSP_S8_H
#define ANVIL_KERNELS_MAXPOOL2D_DSP_S8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_dsp.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/status.h"
#include "anvil_pool2d_s8_params.h"

typedef anvil_pool2d_s8_params_t anvil_maxpool2d_dsp_s8_params_t;

ANVIL_INLINE size_t anvil_maxpool2d_dsp_s8_workspace_bytes(const anvil_maxpool2d_dsp_s8_params_t *p) { return anvil_pool2d_s8_workspace_bytes(p); }

/* Per byte, the larger of a and b as signed int8: one asm statement, so the GE flags SSUB8 sets are the ones SEL reads. */
#if defined(__GNUC__) || defined(__clang__)
ANVIL_INLINE uint32_t anvil_maxpool2d_dsp_s8_max4(uint32_t a, uint32_t b) {
  uint32_t r;
  __asm__("ssub8 %0, %1, %2\n\tsel %0, %1, %2" : "=&r"(r) : "r"(a), "r"(b) : "cc");
  return r;
}
#else
ANVIL_INLINE uint32_t anvil_maxpool2d_dsp_s8_max4(uint32_t a, uint32_t b) {
  uint32_t r = 0;
  int i;
  for (i = 0; i < 32; i += 8) {
    const int32_t u = (int8_t)(uint8_t)(a >> i), v = (int8_t)(uint8_t)(b >> i);
    r |= (uint32_t)(uint8_t)(u > v ? u : v) << i;
  }
  return r;
}
#endif

/* Per byte, the smaller of a and b (b's where a >= b, a's elsewhere). */
#if defined(__GNUC__) || defined(__clang__)
ANVIL_INLINE uint32_t anvil_maxpool2d_dsp_s8_min4(uint32_t a, uint32_t b) {
  uint32_t r;
  __asm__("ssub8 %0, %1, %2\n\tsel %0, %2, %1" : "=&r"(r) : "r"(a), "r"(b) : "cc");
  return r;
}
#else
ANVIL_INLINE uint32_t anvil_maxpool2d_dsp_s8_min4(uint32_t a, uint32_t b) {
  uint32_t r = 0;
  int i;
  for (i = 0; i < 32; i += 8) {
    const int32_t u = (int8_t)(uint8_t)(a >> i), v = (int8_t)(uint8_t)(b >> i);
    r |= (uint32_t)(uint8_t)(u < v ? u : v) << i;
  }
  return r;
}
#endif

/* Four channels' maxima clamped to the activation range (bounds replicated in each byte). */
ANVIL_INLINE void anvil_maxpool2d_dsp_s8_store4(int8_t *out, uint32_t m, int clamp, uint32_t lo4, uint32_t hi4) {
  if (clamp) m = anvil_maxpool2d_dsp_s8_min4(anvil_maxpool2d_dsp_s8_max4(m, lo4), hi4);
  memcpy(out, &m, 4);
}

ANVIL_INLINE anvil_status_t anvil_maxpool2d_dsp_s8_body(const anvil_maxpool2d_dsp_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                        int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t channels = p->channels, in_w = p->in_w;
  const int32_t row_step = in_w * channels;
  const int32_t lo = p->act_min, hi = p->act_max;
  const int clamp = lo > -128 || hi < 127;
  const uint32_t lo4 = (uint32_t)(uint8_t)lo * 0x01010101u, hi4 = (uint32_t)(uint8_t)hi * 0x01010101u;
  int8_t *out = y;
  int32_t b, oy, ox;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    for (oy = 0; oy < p->out_h; ++oy) {
      int32_t iy0, fy0, fy1;
      anvil_pool2d_s8_window(oy, p->stride_h, p->pad_top, p->filter_h, p->in_h, &iy0, &fy0, &fy1);
      for (ox = 0; ox < p->out_w; ++ox) {
        int32_t rows, cols, c, r, k;
        const int8_t *window;
        window = anvil_pool2d_s8_run(p, x, b, iy0, fy0, fy1, ox, &rows, &cols);
        for (c = 0; c + 8 <= channels; c += 8) {
          uint32_t m0 = 0x80808080u, m1 = 0x80808080u;
          const int8_t *row = window + c;
          for (r = 0; r < rows; ++r) {
            const int8_t *px = row;
            for (k = 0; k < cols; ++k) {
              m0 = anvil_maxpool2d_dsp_s8_max4(anvil_rd32(px), m0);
              m1 = anvil_maxpool2d_dsp_s8_max4(anvil_rd32(px + 4), m1);
              px += channels;
            }
            row += row_step;
          }
          anvil_maxpool2d_dsp_s8_store4(out + c, m0, clamp, lo4, hi4);
          anvil_maxpool2d_dsp_s8_store4(out + c + 4, m1, clamp, lo4, hi4);
        }
        if (c + 4 <= channels) {
          uint32_t m0 = 0x80808080u;
          const int8_t *row = window + c;
          for (r = 0; r < rows; ++r) {
            const int8_t *px = row;
            for (k = 0; k < cols; ++k) {
              m0 = anvil_maxpool2d_dsp_s8_max4(anvil_rd32(px), m0);
              px += channels;
            }
            row += row_step;
          }
          anvil_maxpool2d_dsp_s8_store4(out + c, m0, clamp, lo4, hi4);
          c += 4;
        }
        for (; c < channels; ++c) {
          int32_t m = -128;
          const int8_t *row = window + c;
          for (r = 0; r < rows; ++r) {
            for (k = 0; k < cols; ++k) m = row[k * channels] > m ? row[k * channels] : m;
            row += row_step;
          }
          out[c] = (int8_t)anvil_clamp(m, lo, hi);
        }
        out += channels;
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_maxpool2d_dsp_s8.c), shared by every node that calls it. */
anvil_status_t anvil_maxpool2d_dsp_s8(const anvil_maxpool2d_dsp_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
