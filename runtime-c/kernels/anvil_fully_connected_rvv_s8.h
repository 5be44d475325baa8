/*
 * anvil_fully_connected_rvv_s8: int8 fully connected layer with RISC-V vectors (RVV 1.0,
 * Zve32x, VLEN >= 128), bit-exact with TensorFlow Lite's reference kernel. Symmetric weights
 * only (weights offset 0, as TFLite's int8 fully connected always has). Without vector
 * intrinsics (any other compiler or ISA) a plain C loop computes the same.
 *
 * Layouts: input [batches][depth], weights [units][depth] (the model's own tensor), output
 * [batches][units], all int8, no alignment needed. bias: int32 per unit holding
 * bias[u] + input_offset · Σ w[u], so the loops multiply raw int8 inputs. multiplier and
 * shift: TFLite's requantization, one entry per unit. Workspace: none.
 *
 * Vectorised along the depth: two units at a time share each load of the input, 32 bytes a
 * step, bytes widened to 16 bits and multiplied into 32-bit lanes (vwmacc.vv); the lanes
 * are summed once per unit at the end. A few scalar requantizations per layer cost nothing
 * next to the depth, so they stay scalar.
 */
#ifndef ANVIL_KERNELS_FULLY_CONNECTED_RVV_S8_H
#define ANVIL_KERNELS_FULLY_CONNECTED_RVV_S8_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"
#include "anvil/internal/rvv.h"
#include "anvil/status.h"

typedef struct {
  int32_t batches, units, depth;
  int32_t output_offset, act_min, act_max;
  const int8_t *weights;
  const int32_t *bias;
  const int32_t *multiplier;
  const int8_t *shift;
} anvil_fully_connected_rvv_s8_params_t;

ANVIL_INLINE size_t anvil_fully_connected_rvv_s8_workspace_bytes(const anvil_fully_connected_rvv_s8_params_t *p) {
  (void)p;
  return 0;
}

/* Rows w0 and w1 against x over n bytes: *s0 = w0 · x, *s1 = w1 · x. */
ANVIL_INLINE void anvil_fully_connected_rvv_s8_dot2(const int8_t *w0, const int8_t *w1, const int8_t *x, int32_t n, int32_t *s0, int32_t *s1) {
#if ANVIL_RVV
  const size_t lanes = ANVIL_RVV_CHUNK;
  const vint32m1_t zero = __riscv_vmv_s_x_i32m1(0, 1);
  vint32m8_t a0 = __riscv_vmv_v_x_i32m8(0, lanes), a1 = a0;
  /*
   * Whole steps of 32 bytes at one vl, two a pass (half the pointer and loop overhead), then
   * the rest. Every operation runs at 16-bit elements (bytes widened as they load): vwmul
   * works at 8 bits and vwadd at 16, and mixing them cost a vector-type switch around each.
   */
  for (; n >= 2 * ANVIL_RVV_CHUNK; n -= 2 * ANVIL_RVV_CHUNK) {
    vint16m4_t xv = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(x, lanes), lanes);
    a0 = __riscv_vwmacc_vv_i32m8(a0, __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w0, lanes), lanes), xv, lanes);
    a1 = __riscv_vwmacc_vv_i32m8(a1, __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w1, lanes), lanes), xv, lanes);
    xv = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(x + ANVIL_RVV_CHUNK, lanes), lanes);
    a0 = __riscv_vwmacc_vv_i32m8(a0, __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w0 + ANVIL_RVV_CHUNK, lanes), lanes), xv, lanes);
    a1 = __riscv_vwmacc_vv_i32m8(a1, __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w1 + ANVIL_RVV_CHUNK, lanes), lanes), xv, lanes);
    x += 2 * ANVIL_RVV_CHUNK;
    w0 += 2 * ANVIL_RVV_CHUNK;
    w1 += 2 * ANVIL_RVV_CHUNK;
  }
  if (n >= ANVIL_RVV_CHUNK) {
    const vint16m4_t xv = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(x, lanes), lanes);
    a0 = __riscv_vwmacc_vv_i32m8(a0, __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w0, lanes), lanes), xv, lanes);
    a1 = __riscv_vwmacc_vv_i32m8(a1, __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w1, lanes), lanes), xv, lanes);
    x += ANVIL_RVV_CHUNK;
    w0 += ANVIL_RVV_CHUNK;
    w1 += ANVIL_RVV_CHUNK;
    n -= ANVIL_RVV_CHUNK;
  }
  if (n > 0) {
    const size_t vl = (size_t)n;
    const vint16m4_t xv = __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(x, vl), vl);
    /* Tail-undisturbed: the lanes past n keep their sums. */
    a0 = __riscv_vwmacc_vv_i32m8_tu(a0, __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w0, vl), vl), xv, vl);
    a1 = __riscv_vwmacc_vv_i32m8_tu(a1, __riscv_vsext_vf2_i16m4(__riscv_vle8_v_i8m2(w1, vl), vl), xv, vl);
  }
  *s0 = __riscv_vmv_x_s_i32m1_i32(__riscv_vredsum_vs_i32m8_i32m1(a0, zero, lanes));
  *s1 = __riscv_vmv_x_s_i32m1_i32(__riscv_vredsum_vs_i32m8_i32m1(a1, zero, lanes));
#else
  int32_t a0 = 0, a1 = 0, d;
  for (d = 0; d < n; ++d) {
    a0 += (int32_t)w0[d] * x[d];
    a1 += (int32_t)w1[d] * x[d];
  }
  *s0 = a0;
  *s1 = a1;
#endif
}

ANVIL_INLINE int8_t anvil_fully_connected_rvv_s8_out(const anvil_fully_connected_rvv_s8_params_t *p, int32_t sum, int32_t u) {
  const int32_t acc = anvil_add_wrap(anvil_mbqm(anvil_add_wrap(sum, p->bias[u]), p->multiplier[u], p->shift[u]), p->output_offset);
  return (int8_t)anvil_clamp(acc, p->act_min, p->act_max);
}

ANVIL_INLINE anvil_status_t anvil_fully_connected_rvv_s8_body(const anvil_fully_connected_rvv_s8_params_t *p, const int8_t *ANVIL_RESTRICT x,
                                                              int8_t *ANVIL_RESTRICT y, void *ANVIL_RESTRICT workspace) {
  const int32_t D = p->depth, units = p->units;
  int32_t b, u;
  (void)workspace;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *in = x + b * D;
    int8_t *out = y + b * units;
    /* An odd last unit pairs with itself. */
    for (u = 0; u < units; u += 2) {
      const int32_t u1 = u + 1 < units ? u + 1 : u;
      int32_t s0, s1;
      anvil_fully_connected_rvv_s8_dot2(p->weights + u * D, p->weights + u1 * D, in, D, &s0, &s1);
      out[u] = anvil_fully_connected_rvv_s8_out(p, s0, u);
      out[u1] = anvil_fully_connected_rvv_s8_out(p, s1, u1);
    }
  }
  return ANVIL_OK;
}

/* The out-of-line instance (anvil_fully_connected_rvv_s8.c), shared by every node that calls it. */
anvil_status_t anvil_fully_connected_rvv_s8(const anvil_fully_connected_rvv_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace);

#endif
