/*
 * int8 SOFTMAX over each pixel's C values: TensorFlow Lite Micro's reference arithmetic, the
 * same steps as kernels/anvil_softmax_s8.h (exp of the difference from the row maximum in
 * Q5.26, the sum in Q12.19, its reciprocal). The exps are computed twice, once for the sum and
 * once for the outputs, so the device needs no buffer the size of a row; both passes give the
 * same values. Costed as the hardware's sequence of elementwise steps (cycle-model.ts).
 */
#include <stddef.h>
#include <stdint.h>

#include "anvil/internal/fixedpoint.h"
#include "anvil/internal/gemmlowp.h"
#include "npu_internal.h"

#define NPU_SOFTMAX_DIFF_BITS 5
#define NPU_SOFTMAX_SUM_BITS 12

typedef struct {
  int32_t multiplier, left_shift, diff_min;
} sm_t;

static int32_t exp_of(const sm_t *p, int32_t diff) {
  return anvil_exp_on_negative_values(anvil_mbqm_gt1(diff, p->multiplier, p->left_shift), NPU_SOFTMAX_DIFF_BITS);
}

static anvil_status_t row(const sm_t *p, const int8_t *in, int8_t *out, int32_t depth) {
  int32_t max_in_row = -128, sum = 0, c;
  int bits_over_unit;
  for (c = 0; c < depth; ++c)
    if (in[c] > max_in_row) max_in_row = in[c];
  for (c = 0; c < depth; ++c) {
    const int32_t diff = (int32_t)in[c] - max_in_row;
    if (diff >= p->diff_min) sum = anvil_add_wrap(sum, anvil_rdbpot(exp_of(p, diff), NPU_SOFTMAX_SUM_BITS));
  }
  const int32_t scale = anvil_reciprocal(sum, NPU_SOFTMAX_SUM_BITS, &bits_over_unit);
  const int32_t exponent = bits_over_unit + 31 - 8;
  /* The CPU kernel and TFLite refuse such rows too. */
  if (exponent < 0 || exponent > 31) return ANVIL_ERR_KERNEL;
  for (c = 0; c < depth; ++c) {
    const int32_t diff = (int32_t)in[c] - max_in_row;
    out[c] = diff < p->diff_min ? (int8_t)-128
                                : (int8_t)anvil_clamp(anvil_rdbpot(anvil_srdhm(scale, exp_of(p, diff)), exponent) - 128, -128, 127);
  }
  return ANVIL_OK;
}

anvil_status_t npu_run_softmax(npu_device_t *dev, npu_op_cost_t *cost) {
  const int32_t *r = dev->regs;
  npu_fm_t a, o;
  anvil_status_t s = npu_feature_map(dev, NPU_REG_OFM_REGION, NPU_REG_OFM_BASE, r[NPU_REG_OFM_H], r[NPU_REG_OFM_W], r[NPU_REG_OFM_C],
                                     r[NPU_REG_OFM_ZERO_POINT], 1, &o);
  if (s == ANVIL_OK) s = npu_feature_map(dev, NPU_REG_IFM_REGION, NPU_REG_IFM_BASE, o.h, o.w, o.c, r[NPU_REG_IFM_ZERO_POINT], 0, &a);
  if (s != ANVIL_OK) return s;
  const sm_t p = {r[NPU_REG_SM_INPUT_MULTIPLIER], r[NPU_REG_SM_INPUT_LEFT_SHIFT], r[NPU_REG_SM_DIFF_MIN]};
  if (p.multiplier <= 0 || p.left_shift < 0 || p.left_shift > 31 || p.diff_min > 0) return ANVIL_ERR_NPU_STREAM;
  /* A row is one block's depth: its maximum and sum need every value of it. */
  const int32_t bh = r[NPU_REG_BLOCK_H], bw = r[NPU_REG_BLOCK_W];
  if (bh < 1 || bw < 1 || r[NPU_REG_BLOCK_C] != o.c) return ANVIL_ERR_NPU_STREAM;
  const int8_t *x = (const int8_t *)a.data;
  int8_t *y = (int8_t *)o.data;
  uint64_t exec = (uint64_t)dev->config.op_setup_cycles * dev->config.softmax_steps + dev->config.sram_latency;
  for (int32_t y0 = 0; y0 < o.h; y0 += bh) {
    const int32_t h = bh < o.h - y0 ? bh : o.h - y0;
    for (int32_t x0 = 0; x0 < o.w; x0 += bw) {
      const int32_t w = bw < o.w - x0 ? bw : o.w - x0;
      for (int32_t oy = y0; oy < y0 + h; oy++)
        for (int32_t ox = x0; ox < x0 + w; ox++) {
          const size_t at = ((size_t)oy * (size_t)o.w + (size_t)ox) * (size_t)o.c;
          s = row(&p, x + at, y + at, o.c);
          if (s != ANVIL_OK) return s;
        }
      const uint64_t n = (uint64_t)h * (uint64_t)w * (uint64_t)o.c;
      npu_count_block(dev, (uint64_t)dev->config.softmax_steps * npu_scaled(n, dev->config.mul_cycles64), n, n, 0, &exec);
    }
  }
  cost->exec_cycles = exec;
  cost->weight_fetch_cycles = 0;
  return ANVIL_OK;
}
