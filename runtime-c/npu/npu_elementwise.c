/* ADD and MUL of two int8 feature maps, an operand axis of 1 broadcast along the output's:
 * TFLite Micro's reference arithmetic. */
#include <stddef.h>
#include <stdint.h>

#include "anvil/internal/fixedpoint.h"
#include "npu_internal.h"

typedef struct {
  int32_t off1, off2, out_off, left_shift, m1, s1, m2, s2, mo, so, act_min, act_max;
} ew_t;

static int8_t add_one(const ew_t *e, int32_t x, int32_t y) {
  const int32_t a = anvil_mbqm_lt1(anvil_shl_wrap(x + e->off1, e->left_shift), e->m1, e->s1);
  const int32_t b = anvil_mbqm_lt1(anvil_shl_wrap(y + e->off2, e->left_shift), e->m2, e->s2);
  const int32_t sum = (int32_t)((uint32_t)a + (uint32_t)b);
  return (int8_t)anvil_clamp(anvil_mbqm_lt1(sum, e->mo, e->so) + e->out_off, e->act_min, e->act_max);
}

static int8_t mul_one(const ew_t *e, int32_t x, int32_t y) {
  const int32_t product = (x + e->off1) * (y + e->off2);
  return (int8_t)anvil_clamp(e->out_off + anvil_mbqm(product, e->mo, e->so), e->act_min, e->act_max);
}

static anvil_status_t read_params(const int32_t *r, int mul, ew_t *e) {
  e->left_shift = r[NPU_REG_EW_LEFT_SHIFT];
  e->m1 = r[NPU_REG_EW_MULTIPLIER1];
  e->s1 = r[NPU_REG_EW_SHIFT1];
  e->m2 = r[NPU_REG_EW_MULTIPLIER2];
  e->s2 = r[NPU_REG_EW_SHIFT2];
  e->mo = r[NPU_REG_EW_OUTPUT_MULTIPLIER];
  e->so = r[NPU_REG_EW_OUTPUT_SHIFT];
  e->act_min = r[NPU_REG_ACTIVATION_MIN];
  e->act_max = r[NPU_REG_ACTIVATION_MAX];
  if (e->act_min < -128 || e->act_max > 127 || e->act_min > e->act_max) return ANVIL_ERR_NPU_STREAM;
  if (mul) return e->so >= -31 && e->so <= 30 ? ANVIL_OK : ANVIL_ERR_NPU_STREAM;
  /* (x + offset) fits 9 bits, so any left shift up to 22 stays inside int32. */
  if (e->left_shift < 0 || e->left_shift > 22) return ANVIL_ERR_NPU_STREAM;
  if (e->s1 < -31 || e->s1 > 0 || e->s2 < -31 || e->s2 > 0 || e->so < -31 || e->so > 0) return ANVIL_ERR_NPU_STREAM;
  return ANVIL_OK;
}

/* An operand axis is the output's or 1; a broadcast axis steps by 0. */
static int broadcast_ok(int32_t n, int32_t out) { return n == out || n == 1; }

static size_t operand_index(const npu_fm_t *f, int32_t oy, int32_t ox, int32_t ch) {
  const size_t y = f->h == 1 ? 0u : (size_t)oy, x = f->w == 1 ? 0u : (size_t)ox, c = f->c == 1 ? 0u : (size_t)ch;
  return (y * (size_t)f->w + x) * (size_t)f->c + c;
}

anvil_status_t npu_run_elementwise(npu_device_t *dev, int mul, npu_op_cost_t *cost) {
  const int32_t *r = dev->regs;
  npu_fm_t a, b, o;
  anvil_status_t s = npu_feature_map(dev, NPU_REG_OFM_REGION, NPU_REG_OFM_BASE, r[NPU_REG_OFM_H], r[NPU_REG_OFM_W], r[NPU_REG_OFM_C],
                                     r[NPU_REG_OFM_ZERO_POINT], 1, &o);
  if (s != ANVIL_OK) return s;
  if (!broadcast_ok(r[NPU_REG_IFM_H], o.h) || !broadcast_ok(r[NPU_REG_IFM_W], o.w) || !broadcast_ok(r[NPU_REG_IFM_C], o.c) ||
      !broadcast_ok(r[NPU_REG_IFM2_H], o.h) || !broadcast_ok(r[NPU_REG_IFM2_W], o.w) || !broadcast_ok(r[NPU_REG_IFM2_C], o.c))
    return ANVIL_ERR_NPU_STREAM;
  s = npu_feature_map(dev, NPU_REG_IFM_REGION, NPU_REG_IFM_BASE, r[NPU_REG_IFM_H], r[NPU_REG_IFM_W], r[NPU_REG_IFM_C],
                      r[NPU_REG_IFM_ZERO_POINT], 0, &a);
  if (s == ANVIL_OK)
    s = npu_feature_map(dev, NPU_REG_IFM2_REGION, NPU_REG_IFM2_BASE, r[NPU_REG_IFM2_H], r[NPU_REG_IFM2_W], r[NPU_REG_IFM2_C],
                        r[NPU_REG_IFM2_ZERO_POINT], 0, &b);
  if (s != ANVIL_OK) return s;
  ew_t e;
  s = read_params(r, mul, &e);
  if (s != ANVIL_OK) return s;
  e.off1 = -a.zero_point;
  e.off2 = -b.zero_point;
  e.out_off = o.zero_point;
  const int32_t bh = r[NPU_REG_BLOCK_H], bw = r[NPU_REG_BLOCK_W], bcmax = r[NPU_REG_BLOCK_C];
  if (bh < 1 || bw < 1 || bcmax < 1 || bcmax > o.c) return ANVIL_ERR_NPU_STREAM;
  const int8_t *x = (const int8_t *)a.data;
  const int8_t *y = (const int8_t *)b.data;
  uint64_t exec = (uint64_t)dev->config.op_setup_cycles + dev->config.sram_latency;
  const uint32_t rate = mul ? dev->config.mul_cycles64 : dev->config.add_cycles64;
  for (int32_t c0 = 0; c0 < o.c; c0 += bcmax) {
    const int32_t bc = bcmax < o.c - c0 ? bcmax : o.c - c0;
    for (int32_t y0 = 0; y0 < o.h; y0 += bh) {
      const int32_t h = bh < o.h - y0 ? bh : o.h - y0;
      for (int32_t x0 = 0; x0 < o.w; x0 += bw) {
        const int32_t w = bw < o.w - x0 ? bw : o.w - x0;
        for (int32_t oy = y0; oy < y0 + h; oy++)
          for (int32_t ox = x0; ox < x0 + w; ox++)
            for (int32_t ch = c0; ch < c0 + bc; ch++) {
              const size_t i = ((size_t)oy * (size_t)o.w + (size_t)ox) * (size_t)o.c + (size_t)ch;
              const int32_t xv = x[operand_index(&a, oy, ox, ch)], yv = y[operand_index(&b, oy, ox, ch)];
              o.data[i] = (uint8_t)(mul ? mul_one(&e, xv, yv) : add_one(&e, xv, yv));
            }
        const uint64_t n = (uint64_t)h * (uint64_t)w * (uint64_t)bc;
        npu_count_block(dev, npu_scaled(n, rate), 2u * n, n, 0, &exec);
      }
    }
  }
  cost->exec_cycles = exec;
  cost->weight_fetch_cycles = 0;
  return ANVIL_OK;
}
