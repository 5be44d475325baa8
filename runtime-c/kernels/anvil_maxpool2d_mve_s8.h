/*
 * anvil_maxpool2d_mve_s8: int8 max pooling with Helium (MVE), bit-exact with TensorFlow Lite's
 * reference kernel (anvil_maxpool2d_s8): the window is clipped to the image, so padding never
 * counts.
 *
 * Layouts: input [batches][in_h][in_w][channels], output [batches][out_h][out_w][channels],
 * int8, no alignment needed, any channel count. Every window must overlap the image (the
 * compiler's verifier guarantees it). Workspace: none.
 *
 * Sixteen channels a pass, one VLDRB.8 and one VMAX.S8 per tap, from -128 as the reference
 * starts; the last channels % 16 predicated (zeroing loads, whose zeros only reach lanes the
 * predicated store skips). A window that spans whole rows is walked as one run of taps. Then
 * the activation's clamp, VMAX and VMIN.
 */
#ifndef ANVIL_KERNELS_MAXPOOL2D_MVE_S8_H
#define ANVIL_KERNELS_MAXPOOL2D_MVE_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/arm_mve.h"
#include "anvil/status.h"
#include "anvil_pool2d_s8_params.h"

typedef anvil_pool2d_s8_params_t anvil_maxpool2d_mve_s8_params_t;

ANVIL_INLINE size_t anvil_maxpool2d_mve_s8_workspace_bytes(const anvil_maxpool2d_mve_s8_params_t *p) { return anvil_pool2d_s8_workspace_bytes(p); }

/* The maximum of up to sixteen channels (the lanes of pr) over rows × cols taps: taps `channels` bytes apart, rows `row_step` apart. */
ANVIL_INLINE int8x16_t anvil_maxpool2d_mve_s8_max16(const int8_t *x, int32_t rows, int32_t cols, int32_t channels, int32_t row_step, int full,
                                                    mve_pred16_t pr) {
  int8x16_t m = vdupq_n_s8(-128);
  int32_t r, k;
  for (r = 0; r < rows; ++r) {
    const int8_t *px = x;
    for (k = 0; k < cols; ++k) {
      m = vmaxq_s8(m, full ? vldrbq_s8(px) : vldrbq_z_s8(px, pr));
      px += channels;
    }
    x += row_step;
  }
  return m;
}

ANVIL_INLINE anvil_status_t anvil_maxpool2d_mve_s8_body(const anvil_maxpool2d_mve_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                        int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t channels = p->channels, in_w = p->in_w;
  const int32_t row_step = in_w * channels;
  const int8x16_t lo = vdupq_n_s8((int8_t)p->act_min), hi = vdupq_n_s8((int8_t)p->act_max);
  int8_t *out = y;
  int32_t b, oy, ox;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    for (oy = 0; oy < p->out_h; ++oy) {
      int32_t iy0, fy0, fy1;
      anvil_pool2d_s8_window(oy, p->stride_h, p->pad_top, p->filter_h, p->in_h, &iy0, &fy0, &fy1);
      for (ox = 0; ox < p->out_w; ++ox) {
        int32_t rows, cols, c;
        const int8_t *window;
        window = anvil_pool2d_s8_run(p, x, b, iy0, fy0, fy1, ox, &rows, &cols);
        for (c = 0; c + 16 <= channels; c += 16) {
          const int8x16_t m = anvil_maxpool2d_mve_s8_max16(window + c, rows, cols, channels, row_step, 1, 0);
          vstrbq_s8(out + c, vminq_s8(vmaxq_s8(m, lo), hi));
        }
        if (c < channels) {
          const mve_pred16_t pr = vctp8q((uint32_t)(channels - c));
          const int8x16_t m = anvil_maxpool2d_mve_s8_max16(window + c, rows, cols, channels, row_step, 0, pr);
          vstrbq_p_s8(out + c, vminq_s8(vmaxq_s8(m, lo), hi), pr);
        }
        out += channels;
      }
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_maxpool2d_mve_s8.c), shared by every node that calls it. */
anvil_status_t anvil_maxpool2d_mve_s8(const anvil_maxpool2d_mve_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
