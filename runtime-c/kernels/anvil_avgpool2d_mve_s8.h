/*
 * anvil_avgpool2d_mve_s8: int8 average pooling with Helium (MVE), bit-exact with TensorFlow
 * Lite's reference kernel (anvil_avgpool2d_s8): the window is clipped to the image, so padding
 * never counts, and the mean rounds half away from zero.
 *
 * Layouts: input [batches][in_h][in_w][channels], output [batches][out_h][out_w][channels],
 * int8, no alignment needed, any channel count. Every window must overlap the image (the
 * compiler's verifier guarantees it) and hold at most 255 taps once clipped
 * (min(filter_h, in_h) · min(filter_w, in_w) <= 255, which the generator checks): the sums are
 * kept in 16-bit lanes, exact while |sum| <= 255 · 128. Workspace: none.
 *
 * Sixteen channels a pass, widened to 16 bits as they load (two VLDRB.S16 and two VADDs per
 * tap); a window that spans whole rows is walked as one run of taps. The last channels % 16
 * go eight at a time, the final group predicated (zeroing loads, predicated store). The mean
 * of each lane is sign(s) · floor((|s| + d/2) / d) for the count d, which is TFLite's
 * (s ± d/2) / d with C's truncating division, and the floor is one VMULH.U16 and one shift:
 * with l = ceil(log2 d) and m = ceil(2^(15 + l) / d) (m < 2^16 for 2 <= d <= 255),
 * floor(n / d) = floor(n · m / 2^(15 + l)) for every 0 <= n < 2^15 (Granlund and Montgomery,
 * 1994, theorem 4.2: 2^(15+l) <= m·d <= 2^(15+l) + 2^l), and n = |s| + d/2 <= 32640 + 127.
 * The product's high half is n · m >> 16, then a right shift by l - 1. A count of 1 is the sum
 * itself. Then the activation's clamp, and VSTRB.16 keeps the low byte of each lane.
 */
#ifndef ANVIL_KERNELS_AVGPOOL2D_MVE_S8_H
#define ANVIL_KERNELS_AVGPOOL2D_MVE_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_mve.h"
#include "anvil/status.h"
#include "anvil_pool2d_s8_params.h"

typedef anvil_pool2d_s8_params_t anvil_avgpool2d_mve_s8_params_t;

ANVIL_INLINE size_t anvil_avgpool2d_mve_s8_workspace_bytes(const anvil_avgpool2d_mve_s8_params_t *p) { return anvil_pool2d_s8_workspace_bytes(p); }

/* The division by one count d in [1, 255] (see above): d / 2, the multiplier m and the shift l - 1. */
typedef struct {
  int32_t count, half, shift;
  uint16x8_t multiplier;
} anvil_avgpool2d_mve_s8_divisor_t;

ANVIL_INLINE void anvil_avgpool2d_mve_s8_divisor(int32_t d, anvil_avgpool2d_mve_s8_divisor_t *q) {
  int32_t l = 1;
  while (((int32_t)1 << l) < d) ++l;
  q->count = d;
  q->half = d >> 1;
  q->shift = l - 1;
  q->multiplier = vdupq_n_u16(d > 1 ? (uint16_t)((((uint32_t)1 << (15 + l)) + (uint32_t)d - 1u) / (uint32_t)d) : 0);
}

/* The rounded means of eight sums, clamped to [lo, hi]. */
ANVIL_INLINE int16x8_t anvil_avgpool2d_mve_s8_mean(int16x8_t s, const anvil_avgpool2d_mve_s8_divisor_t *q, int16x8_t lo, int16x8_t hi) {
  int16x8_t r = s;
  if (q->count > 1) {
    const uint16x8_t n = vreinterpretq_u16_s16(vaddq_n_s16(vabsq_s16(s), (int16_t)q->half));
    const int16x8_t a = vreinterpretq_s16_u16(vshlq_r_u16(vmulhq_u16(n, q->multiplier), -q->shift));
    r = vnegq_m_s16(a, a, vcmpltq_n_s16(s, 0));
  }
  return vminq_s16(vmaxq_s16(r, lo), hi);
}

/* Sixteen channels summed over rows × cols taps from x: taps `channels` bytes apart, rows `row_step` apart. */
ANVIL_INLINE void anvil_avgpool2d_mve_s8_sum16(const int8_t *x, int32_t rows, int32_t cols, int32_t channels, int32_t row_step, int16x8_t *s0,
                                               int16x8_t *s1) {
  int16x8_t a0 = vdupq_n_s16(0), a1 = vdupq_n_s16(0);
  int32_t r, k;
  for (r = 0; r < rows; ++r) {
    const int8_t *px = x;
    for (k = 0; k < cols; ++k) {
      a0 = vaddq_s16(a0, vldrbq_s16(px));
      a1 = vaddq_s16(a1, vldrbq_s16(px + 8));
      px += channels;
    }
    x += row_step;
  }
  *s0 = a0;
  *s1 = a1;
}

/* Up to eight channels (the lanes of pr) summed the same way; the masked bytes are never read. */
ANVIL_INLINE int16x8_t anvil_avgpool2d_mve_s8_sum8(const int8_t *x, int32_t rows, int32_t cols, int32_t channels, int32_t row_step,
                                                   mve_pred16_t pr) {
  int16x8_t a = vdupq_n_s16(0);
  int32_t r, k;
  for (r = 0; r < rows; ++r) {
    const int8_t *px = x;
    for (k = 0; k < cols; ++k) {
      a = vaddq_s16(a, vldrbq_z_s16(px, pr));
      px += channels;
    }
    x += row_step;
  }
  return a;
}

ANVIL_INLINE anvil_status_t anvil_avgpool2d_mve_s8_body(const anvil_avgpool2d_mve_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                        int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t channels = p->channels, in_w = p->in_w;
  const int32_t row_step = in_w * channels;
  const int16x8_t lo = vdupq_n_s16((int16_t)p->act_min), hi = vdupq_n_s16((int16_t)p->act_max);
  anvil_avgpool2d_mve_s8_divisor_t q;
  int8_t *out = y;
  int32_t b, oy, ox;
  (void)workspace;
  anvil_avgpool2d_mve_s8_divisor(1, &q);
  for (b = 0; b < p->batches; ++b) {
    for (oy = 0; oy < p->out_h; ++oy) {
      int32_t iy0, fy0, fy1;
      anvil_pool2d_s8_window(oy, p->stride_h, p->pad_top, p->filter_h, p->in_h, &iy0, &fy0, &fy1);
      for (ox = 0; ox < p->out_w; ++ox) {
        int32_t rows, cols, c;
        const int8_t *window;
        window = anvil_pool2d_s8_run(p, x, b, iy0, fy0, fy1, ox, &rows, &cols);
        /* The count changes only at the borders: its reciprocal is kept between pixels. */
        if (rows * cols != q.count) anvil_avgpool2d_mve_s8_divisor(rows * cols, &q);
        for (c = 0; c + 16 <= channels; c += 16) {
          int16x8_t s0, s1;
          anvil_avgpool2d_mve_s8_sum16(window + c, rows, cols, channels, row_step, &s0, &s1);
          vstrbq_s16(out + c, anvil_avgpool2d_mve_s8_mean(s0, &q, lo, hi));
          vstrbq_s16(out + c + 8, anvil_avgpool2d_mve_s8_mean(s1, &q, lo, hi));
        }
        for (; c < channels; c += 8) {
          const mve_pred16_t pr = vctp16q((uint32_t)(channels - c));
          const int16x8_t s = anvil_avgpool2d_mve_s8_sum8(window + c, rows, cols, channels, row_step, pr);
          vstrbq_p_s16(out + c, anvil_avgpool2d_mve_s8_mean(s, &q, lo, hi), pr);
        }
        out += channels;
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_avgpool2d_mve_s8.c), shared by every node that calls it. */
anvil_status_t anvil_avgpool2d_mve_s8(const anvil_avgpool2d_mve_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
