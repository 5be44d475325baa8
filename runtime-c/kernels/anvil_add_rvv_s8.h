/*
 * anvil_add_rvv_s8: int8 ADD with RISC-V vectors (RVV 1.0, Zve32x), bit-exact with TensorFlow
 * Lite's reference kernel, without broadcasting. Without vector intrinsics (any other
 * compiler or ISA) a plain C loop computes the same.
 *
 * Layouts: both inputs and the output hold `size` int8 elements in the same order (an input
 * may alias the other), no alignment needed. Quantization as anvil_add_s8 takes it, with
 * every shift a right shift (input and output shifts <= 0), which TFLite's always are.
 * Workspace: none.
 *
 * Up to VLMAX elements of 32 bits at a time (32 at VLEN 128): both inputs widened as they
 * load, lifted by 2^left_shift, each rescaled (anvil_rvv_mbqm_lt1), summed, rescaled to the
 * output, clamped and narrowed back to bytes.
 */
#ifndef ANVIL_KERNELS_ADD_RVV_S8_H
#define ANVIL_KERNELS_ADD_RVV_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/internal/rvv.h"
#include "anvil/status.h"

typedef struct {
  /* Elements of each operand and of the output. */
  int32_t size;
  int32_t left_shift;
  int32_t input1_offset, input1_multiplier, input1_shift;
  int32_t input2_offset, input2_multiplier, input2_shift;
  int32_t output_offset, output_multiplier, output_shift;
  int32_t act_min, act_max;
} anvil_add_rvv_s8_params_t;

ANVIL_INLINE size_t anvil_add_rvv_s8_workspace_bytes(const anvil_add_rvv_s8_params_t *p) {
  (void)p;
  return 0;
}

ANVIL_INLINE anvil_status_t anvil_add_rvv_s8_body(const anvil_add_rvv_s8_params_t *p, const int8_t *x1, const int8_t *x2, int8_t *ANVIL_RESTRICT y,
                                                  void *ANVIL_RESTRICT workspace) {
  int32_t n = p->size;
  (void)workspace;
#if ANVIL_RVV
  {
    const size_t left = (size_t)p->left_shift;
    /* (x + offset) · 2^left as x · 2^left + offset · 2^left: one add fewer per element. */
    const int32_t lift1 = (int32_t)((uint32_t)p->input1_offset << left), lift2 = (int32_t)((uint32_t)p->input2_offset << left);
    while (n > 0) {
      const size_t vl = __riscv_vsetvl_e32m8((size_t)n);
      vint32m8_t a = __riscv_vsext_vf4_i32m8(__riscv_vle8_v_i8m2(x1, vl), vl);
      vint32m8_t b = __riscv_vsext_vf4_i32m8(__riscv_vle8_v_i8m2(x2, vl), vl);
      a = anvil_rvv_mbqm_lt1(__riscv_vadd_vx_i32m8(__riscv_vsll_vx_i32m8(a, left, vl), lift1, vl), p->input1_multiplier, -p->input1_shift, vl);
      b = anvil_rvv_mbqm_lt1(__riscv_vadd_vx_i32m8(__riscv_vsll_vx_i32m8(b, left, vl), lift2, vl), p->input2_multiplier, -p->input2_shift, vl);
      a = anvil_rvv_mbqm_lt1(__riscv_vadd_vv_i32m8(a, b, vl), p->output_multiplier, -p->output_shift, vl);
      a = __riscv_vmin_vx_i32m8(__riscv_vmax_vx_i32m8(__riscv_vadd_vx_i32m8(a, p->output_offset, vl), p->act_min, vl), p->act_max, vl);
      __riscv_vse8_v_i8m2(y, __riscv_vncvt_x_x_w_i8m2(__riscv_vncvt_x_x_w_i16m4(a, vl), vl), vl);
      x1 += vl;
      x2 += vl;
      y += vl;
      n -= (int32_t)vl;
    }
  }
#else
  {
    int32_t i;
    for (i = 0; i < n; ++i) {
      const int32_t s1 = anvil_mbqm_lt1(((int32_t)x1[i] + p->input1_offset) * ((int32_t)1 << p->left_shift), p->input1_multiplier, p->input1_shift);
      const int32_t s2 = anvil_mbqm_lt1(((int32_t)x2[i] + p->input2_offset) * ((int32_t)1 << p->left_shift), p->input2_multiplier, p->input2_shift);
      const int32_t raw = anvil_add_wrap(anvil_mbqm_lt1(anvil_add_wrap(s1, s2), p->output_multiplier, p->output_shift), p->output_offset);
      y[i] = (int8_t)anvil_clamp(raw, p->act_min, p->act_max);
    }
  }
#endif
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_add_rvv_s8.c), shared by every node that calls it. */
anvil_status_t anvil_add_rvv_s8(const anvil_add_rvv_s8_params_t *params, const int8_t *x1, const int8_t *x2, int8_t *y, void *workspace);

#endif
