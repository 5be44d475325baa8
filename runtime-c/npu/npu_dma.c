/* DMA: copies bytes between regions (flash constants into SRAM scratch), bounds-checked. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "npu_internal.h"

anvil_status_t npu_run_dma(npu_device_t *dev, npu_op_cost_t *cost) {
  const int32_t *r = dev->regs;
  const int32_t len = r[NPU_REG_DMA_LENGTH];
  if (len < 0) return ANVIL_ERR_NPU_STREAM;
  const uint8_t *src = npu_region_span(dev, r[NPU_REG_DMA_SRC_REGION], r[NPU_REG_DMA_SRC], (uint64_t)len, 0);
  uint8_t *dst = npu_region_span(dev, r[NPU_REG_DMA_DST_REGION], r[NPU_REG_DMA_DST], (uint64_t)len, 1);
  if (len > 0 && (src == NULL || dst == NULL)) return ANVIL_ERR_NPU_BOUNDS;
  if (len > 0) memmove(dst, src, (size_t)len);
  dev->counters.bytes_read += (uint64_t)len;
  dev->counters.bytes_written += (uint64_t)len;
  /* Limited by the slower side: flash. */
  cost->exec_cycles = dev->config.op_setup_cycles + npu_flash_cycles(&dev->config, (uint64_t)len);
  cost->weight_fetch_cycles = 0;
  return ANVIL_OK;
}
