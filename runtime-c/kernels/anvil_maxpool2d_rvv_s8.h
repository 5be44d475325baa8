/*
 * anvil_maxpool2d_rvv_s8: int8 max pooling with RISC-V vectors (RVV 1.0, Zve32x), bit-exact
 * with TensorFlow Lite's reference kernel: the window is clipped to the image, so padding
 * never counts. Without vector intrinsics (any other compiler or ISA) the portable loop runs
 * instead.
 *
 * Layouts: input [batches][in_h][in_w][channels], output [batches][out_h][out_w][channels],
 * int8, no alignment needed. Every window must overlap the image (the compiler's verifier
 * guarantees it). Workspace: none.
 *
 * Per output pixel, as many channels at a time as eight registers of bytes hold (128 at VLEN
 * 128): the first tap loaded, every other one loaded and folded in with vmax, then the clamp.
 */
#ifndef ANVIL_KERNELS_MAXPOOL2D_RVV_S8_H
#define ANVIL_KERNELS_MAXPOOL2D_RVV_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/rvv.h"
#include "anvil/status.h"
#include "anvil_maxpool2d_s8.h"
#include "anvil_pool2d_s8_params.h"

typedef anvil_pool2d_s8_params_t anvil_maxpool2d_rvv_s8_params_t;

ANVIL_INLINE size_t anvil_maxpool2d_rvv_s8_workspace_bytes(const anvil_maxpool2d_rvv_s8_params_t *p) { return anvil_pool2d_s8_workspace_bytes(p); }

ANVIL_INLINE anvil_status_t anvil_maxpool2d_rvv_s8_body(const anvil_maxpool2d_rvv_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                        int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
#if ANVIL_RVV
  const int32_t C = p->channels;
  const int32_t row_step = p->in_w * C;
  const int8_t lo = (int8_t)p->act_min, hi = (int8_t)p->act_max;
  int8_t *out = y;
  int32_t b, oy, ox, c, r, t;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    for (oy = 0; oy < p->out_h; ++oy) {
      int32_t iy0, fy0, fy1;
      anvil_pool2d_s8_window(oy, p->stride_h, p->pad_top, p->filter_h, p->in_h, &iy0, &fy0, &fy1);
      for (ox = 0; ox < p->out_w; ++ox) {
        int32_t rows, cols;
        const int8_t *window = anvil_pool2d_s8_run(p, x, b, iy0, fy0, fy1, ox, &rows, &cols);
        for (c = 0; c < C;) {
          const size_t vl = __riscv_vsetvl_e8m8((size_t)(C - c));
          /* Starting from act_min is the clamp from below, and no tap is lost: every one is >= -128. */
          vint8m8_t m = __riscv_vmv_v_x_i8m8(lo, vl);
          for (r = 0; r < rows; ++r) {
            const int8_t *tap = window + r * row_step + c;
            for (t = 0; t < cols; ++t, tap += C) m = __riscv_vmax_vv_i8m8(m, __riscv_vle8_v_i8m8(tap, vl), vl);
          }
          __riscv_vse8_v_i8m8(out + c, __riscv_vmin_vx_i8m8(m, hi, vl), vl);
          c += (int32_t)vl;
        }
        out += C;
      }
    }
  }
  return ANVIL_OK;
#else
  return anvil_maxpool2d_s8_body(p, x, y, workspace);
#endif
}

/* The out-of-line instance (anvil_maxpool2d_rvv_s8.c), shared by every node that calls it. */
anvil_status_t anvil_maxpool2d_rvv_s8(const anvil_maxpool2d_rvv_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
