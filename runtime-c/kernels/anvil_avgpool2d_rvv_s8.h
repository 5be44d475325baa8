/*
 * anvil_avgpool2d_rvv_s8: int8 average pooling with RISC-V vectors (RVV 1.0, Zve32x),
 * bit-exact with TensorFlow Lite's reference kernel: the window is clipped to the image, so
 * padding never counts, and the mean rounds half away from zero. Without vector intrinsics
 * (any other compiler or ISA) the portable loop runs instead.
 *
 * Layouts: input [batches][in_h][in_w][channels], output [batches][out_h][out_w][channels],
 * int8, no alignment needed. Every window must overlap the image (the compiler's verifier
 * guarantees it) and hold at most 255 taps once clipped: the sums are 16 bits wide, exact
 * while 255 · 128 fits. Workspace: none.
 *
 * Per output pixel, 32 channels at a time: each tap one load added into 16-bit sums
 * (vwadd.wv); the sums are widened, moved half the count away from zero and divided by the
 * count (vdiv truncates as C's division does), clamped and narrowed back to bytes.
 */
#ifndef ANVIL_KERNELS_AVGPOOL2D_RVV_S8_H
#define ANVIL_KERNELS_AVGPOOL2D_RVV_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/internal/rvv.h"
#include "anvil/status.h"
#include "anvil_avgpool2d_s8.h"
#include "anvil_pool2d_s8_params.h"

typedef anvil_pool2d_s8_params_t anvil_avgpool2d_rvv_s8_params_t;

ANVIL_INLINE size_t anvil_avgpool2d_rvv_s8_workspace_bytes(const anvil_avgpool2d_rvv_s8_params_t *p) { return anvil_pool2d_s8_workspace_bytes(p); }

ANVIL_INLINE anvil_status_t anvil_avgpool2d_rvv_s8_body(const anvil_avgpool2d_rvv_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                        int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
#if ANVIL_RVV
  const int32_t C = p->channels;
  const int32_t row_step = p->in_w * C;
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
        const int32_t count = rows * cols, half = count / 2;
        for (c = 0; c < C; c += ANVIL_RVV_CHUNK) {
          const size_t vl = (size_t)anvil_rvv_chunk(C, c);
          vint16m4_t sum = __riscv_vmv_v_x_i16m4(0, vl);
          vint32m8_t s;
          vbool4_t negative;
          for (r = 0; r < rows; ++r) {
            const int8_t *tap = window + r * row_step + c;
            for (t = 0; t < cols; ++t, tap += C) sum = __riscv_vwadd_wv_i16m4(sum, __riscv_vle8_v_i8m2(tap, vl), vl);
          }
          s = __riscv_vsext_vf2_i32m8(sum, vl);
          /* sum + half, or sum - half where the sum is negative: then division truncates to nearest. */
          negative = __riscv_vmslt_vx_i32m8_b4(s, 0, vl);
          s = __riscv_vsub_vx_i32m8_mu(negative, __riscv_vadd_vx_i32m8(s, half, vl), s, half, vl);
          s = __riscv_vdiv_vx_i32m8(s, count, vl);
          s = __riscv_vmin_vx_i32m8(__riscv_vmax_vx_i32m8(s, p->act_min, vl), p->act_max, vl);
          __riscv_vse8_v_i8m2(out + c, __riscv_vncvt_x_x_w_i8m2(__riscv_vncvt_x_x_w_i16m4(s, vl), vl), vl);
        }
        out += C;
      }
    }
  }
  return ANVIL_OK;
#else
  return anvil_avgpool2d_s8_body(p, x, y, workspace);
#endif
}

/* The out-of-line instance (anvil_avgpool2d_rvv_s8.c), shared by every node that calls it. */
anvil_status_t anvil_avgpool2d_rvv_s8(const anvil_avgpool2d_rvv_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
