/* The simulated device's private state and the functions its command handlers share. */
#ifndef ANVIL_NPU_INTERNAL_H
#define ANVIL_NPU_INTERNAL_H

#include <stdint.h>

#include "anvil/npu.h"
#include "anvil_npu_stream.h"

/* SHRAM of the largest configuration; a stream asking for more is refused. */
#ifndef ANVIL_NPU_SHRAM_MAX_BYTES
#define ANVIL_NPU_SHRAM_MAX_BYTES 98304
#endif

typedef struct {
  uint32_t macs_per_cycle;
  uint32_t ublock_h, ublock_w, ublock_c;
  uint32_t dot_depth;
  uint32_t shram_bytes;
  uint32_t sram_bw64, flash_bw64; /* bytes per NPU_RATE_SCALE cycles */
  uint32_t sram_latency, flash_latency, flash_burst;
  uint32_t op_setup_cycles;
  uint32_t output_cycles64, maxpool_output_cycles64; /* cycles per NPU_RATE_SCALE elements */
  uint32_t pool_elements_per_cycle;
  uint32_t add_cycles64, mul_cycles64;
  uint32_t dw_tap_overhead;
  uint32_t decoder_weights_per_cycle;
  uint32_t weight_step_floor;
  uint32_t softmax_steps; /* elementwise steps of one SOFTMAX */
} npu_config_t;

/* The cost of one operation, as plugins/npu-ethos-u/src/perf/cycle-model.ts defines it. */
typedef struct {
  uint64_t exec_cycles;
  uint64_t weight_fetch_cycles;
} npu_op_cost_t;

typedef struct {
  npu_config_t config;
  int32_t regs[NPU_REG_COUNT];
  const anvil_npu_region_t *regions;
  uint32_t region_count;
  int8_t *decoded; /* one output channel's decoded weights */
  anvil_npu_counters_t counters;
} npu_device_t;

/* A feature map resolved against its region: bounds already checked. */
typedef struct {
  uint8_t *data;
  int32_t h, w, c, zero_point;
} npu_fm_t;

/* Reads NHWC feature map `prefix` (IFM, IFM2 or OFM registers) and checks it fits its region. */
anvil_status_t npu_feature_map(const npu_device_t *dev, int reg_region, int reg_base, int32_t h, int32_t w, int32_t c, int32_t zp,
                               int need_write, npu_fm_t *out);
/* A byte range of a region, checked: NULL when it leaves the region or writes a read-only one. */
uint8_t *npu_region_span(const npu_device_t *dev, int32_t region, int32_t offset, uint64_t bytes, int need_write);

uint64_t npu_ceil_div(uint64_t a, uint64_t b);
int32_t npu_input_span(int32_t out, int32_t stride, int32_t kernel, int32_t dilation, int32_t size);
/* Micro-blocks covering a block (a partial one costs a whole one), and `n` elements at a scaled rate. */
uint64_t npu_micro_blocks(const npu_config_t *c, int32_t bh, int32_t bw, int32_t bc);
uint64_t npu_scaled(uint64_t n, uint32_t per64);
/* Weight decoder cycles for a block of `bc` channels of `per_channel` weights each. */
uint64_t npu_decode_cycles(const npu_config_t *c, int32_t bc, uint64_t per_channel);
/* Latency, then whole bursts at flash bandwidth; 0 for nothing. */
uint64_t npu_flash_cycles(const npu_config_t *c, uint64_t bytes);
/* Adds one block's cost to `exec` and the counters; returns nothing, cannot fail. */
void npu_count_block(npu_device_t *dev, uint64_t compute, uint64_t read, uint64_t written, uint64_t macs, uint64_t *exec);

anvil_status_t npu_run_conv(npu_device_t *dev, int depthwise, npu_op_cost_t *cost);
anvil_status_t npu_run_pool(npu_device_t *dev, int max, npu_op_cost_t *cost);
anvil_status_t npu_run_elementwise(npu_device_t *dev, int mul, npu_op_cost_t *cost);
anvil_status_t npu_run_dma(npu_device_t *dev, npu_op_cost_t *cost);
anvil_status_t npu_run_softmax(npu_device_t *dev, npu_op_cost_t *cost);

#endif
