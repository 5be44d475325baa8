/* Region access and the small arithmetic of the cost model, shared by every command. */
#include <stddef.h>
#include <stdint.h>

#include "npu_internal.h"

uint8_t *npu_region_span(const npu_device_t *dev, int32_t region, int32_t offset, uint64_t bytes, int need_write) {
  if (region < 0 || (uint32_t)region >= dev->region_count || offset < 0) return NULL;
  const anvil_npu_region_t *r = &dev->regions[region];
  if (r->base == NULL && bytes > 0) return NULL;
  if ((uint64_t)offset + bytes > (uint64_t)r->size) return NULL;
  if (need_write && !r->writable) return NULL;
  return r->base == NULL ? NULL : r->base + offset;
}

anvil_status_t npu_feature_map(const npu_device_t *dev, int reg_region, int reg_base, int32_t h, int32_t w, int32_t c, int32_t zp,
                               int need_write, npu_fm_t *out) {
  if (h < 1 || w < 1 || c < 1 || h > NPU_DIM_MAX || w > NPU_DIM_MAX || c > NPU_DIM_MAX) return ANVIL_ERR_NPU_STREAM;
  if (zp < -128 || zp > 127) return ANVIL_ERR_NPU_STREAM;
  const uint64_t bytes = (uint64_t)h * (uint64_t)w * (uint64_t)c;
  uint8_t *p = npu_region_span(dev, dev->regs[reg_region], dev->regs[reg_base], bytes, need_write);
  if (p == NULL) return ANVIL_ERR_NPU_BOUNDS;
  out->data = p;
  out->h = h;
  out->w = w;
  out->c = c;
  out->zero_point = zp;
  return ANVIL_OK;
}

uint64_t npu_ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

int32_t npu_input_span(int32_t out, int32_t stride, int32_t kernel, int32_t dilation, int32_t size) {
  const int32_t k = kernel < NPU_KERNEL_PASS_MAX ? kernel : NPU_KERNEL_PASS_MAX;
  const int64_t span = (int64_t)(out - 1) * stride + (int64_t)(k - 1) * dilation + 1;
  return span < size ? (int32_t)span : size;
}

uint64_t npu_micro_blocks(const npu_config_t *c, int32_t bh, int32_t bw, int32_t bc) {
  return npu_ceil_div((uint64_t)bh, c->ublock_h) * npu_ceil_div((uint64_t)bw, c->ublock_w) * npu_ceil_div((uint64_t)bc, c->ublock_c);
}

uint64_t npu_scaled(uint64_t n, uint32_t per64) { return npu_ceil_div(n * per64, NPU_RATE_SCALE); }

uint64_t npu_decode_cycles(const npu_config_t *c, int32_t bc, uint64_t per_channel) {
  const uint64_t least = (uint64_t)c->weight_step_floor * npu_ceil_div((uint64_t)bc, c->ublock_c);
  const uint64_t stream = npu_ceil_div((uint64_t)bc * per_channel, c->decoder_weights_per_cycle);
  return least > stream ? least : stream;
}

uint64_t npu_flash_cycles(const npu_config_t *c, uint64_t bytes) {
  if (bytes == 0) return 0;
  const uint64_t bursts = npu_ceil_div(bytes, c->flash_burst) * c->flash_burst;
  return c->flash_latency + npu_ceil_div(bursts * NPU_RATE_SCALE, c->flash_bw64);
}

void npu_count_block(npu_device_t *dev, uint64_t compute, uint64_t read, uint64_t written, uint64_t macs, uint64_t *exec) {
  const uint64_t memory = npu_ceil_div((read + written) * NPU_RATE_SCALE, dev->config.sram_bw64);
  *exec += compute > memory ? compute : memory;
  dev->counters.blocks++;
  dev->counters.macs += macs;
  dev->counters.bytes_read += read;
  dev->counters.bytes_written += written;
}
