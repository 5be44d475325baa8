/* AVERAGE and MAX pooling: TFLite Micro's reference int8 kernels (window clipped to the image). */
#include <stddef.h>
#include <stdint.h>

#include "anvil/internal/fixedpoint.h"
#include "npu_internal.h"
#include "npu_window.h"

/* One output: the window clipped to the image; padding never counts. 0 = ok, -1 = empty window. */
static int pool_output(const npu_fm_t *ifm, const npu_window_t *w, int max, int32_t oy, int32_t ox, int32_t ch, int8_t *out) {
  const int32_t y0 = oy * w->sh - w->pad_top;
  const int32_t x0 = ox * w->sw - w->pad_left;
  const int8_t *in = (const int8_t *)ifm->data;
  int32_t sum = 0, count = 0, best = -128;
  for (int32_t ky = 0; ky < w->kh; ky++) {
    const int32_t iy = y0 + ky;
    if (iy < 0 || iy >= ifm->h) continue;
    for (int32_t kx = 0; kx < w->kw; kx++) {
      const int32_t ix = x0 + kx;
      if (ix < 0 || ix >= ifm->w) continue;
      const int32_t v = in[((size_t)iy * (size_t)ifm->w + (size_t)ix) * (size_t)ifm->c + (size_t)ch];
      sum += v;
      count++;
      if (v > best) best = v;
    }
  }
  if (max) {
    *out = (int8_t)anvil_clamp(best, w->act_min, w->act_max);
    return 0;
  }
  if (count == 0) return -1;
  const int32_t avg = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
  *out = (int8_t)anvil_clamp(avg, w->act_min, w->act_max);
  return 0;
}

anvil_status_t npu_run_pool(npu_device_t *dev, int max, npu_op_cost_t *cost) {
  const int32_t *r = dev->regs;
  npu_fm_t ifm, ofm;
  npu_window_t w;
  anvil_status_t s = npu_feature_map(dev, NPU_REG_IFM_REGION, NPU_REG_IFM_BASE, r[NPU_REG_IFM_H], r[NPU_REG_IFM_W], r[NPU_REG_IFM_C],
                                     r[NPU_REG_IFM_ZERO_POINT], 0, &ifm);
  if (s == ANVIL_OK)
    s = npu_feature_map(dev, NPU_REG_OFM_REGION, NPU_REG_OFM_BASE, r[NPU_REG_OFM_H], r[NPU_REG_OFM_W], r[NPU_REG_OFM_C],
                        r[NPU_REG_OFM_ZERO_POINT], 1, &ofm);
  if (s == ANVIL_OK) s = npu_read_window(dev, ofm.c, &w);
  if (s != ANVIL_OK) return s;
  if (ifm.c != ofm.c || w.dh != 1 || w.dw != 1) return ANVIL_ERR_NPU_STREAM;
  uint64_t exec = (uint64_t)dev->config.op_setup_cycles * npu_kernel_passes(&w) + dev->config.sram_latency;
  const uint32_t out_rate = max ? dev->config.maxpool_output_cycles64 : dev->config.output_cycles64;
  const uint64_t kernel = (uint64_t)w.kh * (uint64_t)w.kw;
  for (int32_t c0 = 0; c0 < ofm.c; c0 += w.bc) {
    const int32_t bc = w.bc < ofm.c - c0 ? w.bc : ofm.c - c0;
    for (int32_t y0 = 0; y0 < ofm.h; y0 += w.bh) {
      const int32_t bh = w.bh < ofm.h - y0 ? w.bh : ofm.h - y0;
      for (int32_t x0 = 0; x0 < ofm.w; x0 += w.bw) {
        const int32_t bw = w.bw < ofm.w - x0 ? w.bw : ofm.w - x0;
        for (int32_t oy = y0; oy < y0 + bh; oy++)
          for (int32_t ox = x0; ox < x0 + bw; ox++)
            for (int32_t ch = c0; ch < c0 + bc; ch++) {
              int8_t v;
              if (pool_output(&ifm, &w, max, oy, ox, ch, &v) != 0) return ANVIL_ERR_NPU_STREAM;
              ofm.data[((size_t)oy * (size_t)ofm.w + (size_t)ox) * (size_t)ofm.c + (size_t)ch] = (uint8_t)v;
            }
        const uint64_t written = (uint64_t)bh * (uint64_t)bw * (uint64_t)bc;
        const uint64_t ih = (uint64_t)npu_input_span(bh, w.sh, w.kh, 1, ifm.h);
        const uint64_t iw = (uint64_t)npu_input_span(bw, w.sw, w.kw, 1, ifm.w);
        const uint64_t window = npu_ceil_div(written * kernel, dev->config.pool_elements_per_cycle);
        const uint64_t out = npu_scaled(written, out_rate);
        npu_count_block(dev, window > out ? window : out, ih * iw * (uint64_t)bc, written, 0, &exec);
      }
    }
  }
  cost->exec_cycles = exec;
  cost->weight_fetch_cycles = 0;
  return ANVIL_OK;
}
