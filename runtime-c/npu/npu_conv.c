/* CONV (and FULLY_CONNECTED as a 1x1 conv) and DEPTHWISE: TFLite Micro's per-channel int8 arithmetic. */
#include <stddef.h>
#include <stdint.h>

#include "anvil/internal/fixedpoint.h"
#include "npu_internal.h"
#include "npu_weights.h"
#include "npu_window.h"

typedef struct {
  npu_fm_t ifm, ofm;
  npu_window_t w;
  int32_t mult; /* depth multiplier */
  int depthwise;
} conv_t;

/* One output value: the window's exact sum, the bias with int32 wrap, then requantization. */
static int8_t conv_output(const conv_t *c, const int8_t *weights, const npu_channel_params_t *p, int32_t oy, int32_t ox, int32_t oc) {
  const int32_t in_off = -c->ifm.zero_point;
  const int32_t y0 = oy * c->w.sh - c->w.pad_top;
  const int32_t x0 = ox * c->w.sw - c->w.pad_left;
  const int8_t *in = (const int8_t *)c->ifm.data;
  int64_t acc = 0;
  for (int32_t ky = 0; ky < c->w.kh; ky++) {
    const int32_t iy = y0 + ky * c->w.dh;
    if (iy < 0 || iy >= c->ifm.h) continue;
    for (int32_t kx = 0; kx < c->w.kw; kx++) {
      const int32_t ix = x0 + kx * c->w.dw;
      if (ix < 0 || ix >= c->ifm.w) continue;
      const int8_t *px = in + ((size_t)iy * (size_t)c->ifm.w + (size_t)ix) * (size_t)c->ifm.c;
      if (c->depthwise) {
        acc += (int64_t)weights[ky * c->w.kw + kx] * (px[oc / c->mult] + in_off);
      } else {
        const int8_t *wk = weights + ((size_t)ky * (size_t)c->w.kw + (size_t)kx) * (size_t)c->ifm.c;
        for (int32_t ic = 0; ic < c->ifm.c; ic++) acc += (int64_t)wk[ic] * (px[ic] + in_off);
      }
    }
  }
  const int32_t total = (int32_t)(uint32_t)((uint64_t)acc + (uint64_t)(int64_t)p->bias);
  const int32_t scaled = anvil_mbqm(total, p->multiplier, p->shift) + c->ofm.zero_point;
  return (int8_t)anvil_clamp(scaled, c->w.act_min, c->w.act_max);
}

static anvil_status_t setup(npu_device_t *dev, int depthwise, conv_t *c) {
  const int32_t *r = dev->regs;
  anvil_status_t s = npu_feature_map(dev, NPU_REG_IFM_REGION, NPU_REG_IFM_BASE, r[NPU_REG_IFM_H], r[NPU_REG_IFM_W], r[NPU_REG_IFM_C],
                                     r[NPU_REG_IFM_ZERO_POINT], 0, &c->ifm);
  if (s == ANVIL_OK)
    s = npu_feature_map(dev, NPU_REG_OFM_REGION, NPU_REG_OFM_BASE, r[NPU_REG_OFM_H], r[NPU_REG_OFM_W], r[NPU_REG_OFM_C],
                        r[NPU_REG_OFM_ZERO_POINT], 1, &c->ofm);
  if (s == ANVIL_OK) s = npu_read_window(dev, c->ofm.c, &c->w);
  if (s != ANVIL_OK) return s;
  c->depthwise = depthwise;
  c->mult = depthwise ? r[NPU_REG_DEPTH_MULTIPLIER] : 1;
  if (c->mult < 1 || (depthwise && (int64_t)c->ifm.c * c->mult != c->ofm.c)) return ANVIL_ERR_NPU_STREAM;
  return ANVIL_OK;
}

anvil_status_t npu_run_conv(npu_device_t *dev, int depthwise, npu_op_cost_t *cost) {
  conv_t c;
  anvil_status_t s = setup(dev, depthwise, &c);
  if (s != ANVIL_OK) return s;
  const uint64_t kernel = (uint64_t)c.w.kh * (uint64_t)c.w.kw;
  const uint64_t per_channel = kernel * (uint64_t)(depthwise ? 1 : c.ifm.c);
  /* Weights stream from the decoder to the MACs; this device decodes one channel at a time into its buffer. */
  if (per_channel > NPU_WEIGHTS_PER_CHANNEL_MAX) return ANVIL_ERR_NPU_STREAM;
  const int32_t wlen = dev->regs[NPU_REG_WEIGHT_LENGTH];
  const uint8_t *wbytes = npu_region_span(dev, dev->regs[NPU_REG_WEIGHT_REGION], dev->regs[NPU_REG_WEIGHT_BASE], wlen < 0 ? 0 : (uint64_t)wlen, 0);
  if (wbytes == NULL || wlen < 0) return ANVIL_ERR_NPU_BOUNDS;
  npu_weight_reader_t reader;
  s = npu_weights_open(&reader, wbytes, (uint32_t)wlen, (uint32_t)c.ofm.c, (uint32_t)per_channel);
  if (s != ANVIL_OK) return s;
  npu_channel_params_t p;
  int8_t *wbuf = dev->decoded;
  /* The values, channel by channel: the order does not change them, and one channel's weights suffice. */
  for (int32_t oc = 0; oc < c.ofm.c; oc++) {
    s = npu_weights_channel(&reader, (uint32_t)oc, wbuf);
    if (s != ANVIL_OK) return s;
    npu_weights_params(&reader, (uint32_t)oc, &p);
    for (int32_t oy = 0; oy < c.ofm.h; oy++)
      for (int32_t ox = 0; ox < c.ofm.w; ox++) {
        const size_t at = ((size_t)oy * (size_t)c.ofm.w + (size_t)ox) * (size_t)c.ofm.c + (size_t)oc;
        c.ofm.data[at] = (uint8_t)conv_output(&c, wbuf, &p, oy, ox, oc);
      }
  }
  /* The cost, block by block in the order the hardware walks them. */
  const npu_config_t *cfg = &dev->config;
  uint64_t exec = (uint64_t)cfg->op_setup_cycles * npu_kernel_passes(&c.w) + cfg->sram_latency;
  /* Cycles per micro-block: one per tap and dot-product step of input channels (conv), one per tap plus overhead (depthwise). */
  const uint64_t per_ublock = depthwise ? kernel + cfg->dw_tap_overhead : kernel * npu_ceil_div((uint64_t)c.ifm.c, cfg->dot_depth);
  for (int32_t c0 = 0; c0 < c.ofm.c; c0 += c.w.bc) {
    const int32_t bc = c.w.bc < c.ofm.c - c0 ? c.w.bc : c.ofm.c - c0;
    const int32_t in_c = depthwise ? (c0 + bc - 1) / c.mult - c0 / c.mult + 1 : c.ifm.c;
    for (int32_t y0 = 0; y0 < c.ofm.h; y0 += c.w.bh) {
      const int32_t bh = c.w.bh < c.ofm.h - y0 ? c.w.bh : c.ofm.h - y0;
      for (int32_t x0 = 0; x0 < c.ofm.w; x0 += c.w.bw) {
        const int32_t bw = c.w.bw < c.ofm.w - x0 ? c.w.bw : c.ofm.w - x0;
        const uint64_t written = (uint64_t)bh * (uint64_t)bw * (uint64_t)bc;
        const uint64_t macs = written * per_channel;
        const uint64_t ih = (uint64_t)npu_input_span(bh, c.w.sh, c.w.kh, c.w.dh, c.ifm.h);
        const uint64_t iw = (uint64_t)npu_input_span(bw, c.w.sw, c.w.kw, c.w.dw, c.ifm.w);
        const uint64_t mac = npu_micro_blocks(cfg, bh, bw, bc) * per_ublock;
        const uint64_t decode = npu_decode_cycles(cfg, bc, per_channel);
        const uint64_t out = npu_scaled(written, cfg->output_cycles64);
        const uint64_t pipe = mac > decode ? mac : decode;
        npu_count_block(dev, pipe > out ? pipe : out, ih * iw * (uint64_t)in_c, written, macs, &exec);
      }
    }
  }
  dev->counters.bytes_read += (uint64_t)wlen;
  cost->exec_cycles = exec;
  cost->weight_fetch_cycles = npu_flash_cycles(cfg, (uint64_t)wlen);
  return ANVIL_OK;
}
