/* The device: validates the stream header, then executes commands until STOP. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/npu.h"
#include "npu_internal.h"

/* Where this device decodes one output channel's weights (the hardware streams them to the MACs): one per device. */
static int8_t anvil_npu_decoded[NPU_WEIGHTS_PER_CHANNEL_MAX];

static int in_range(uint32_t v, uint32_t lo, uint32_t hi) { return v >= lo && v <= hi; }

/* The header's configuration, refused when the device could not be it or a division could fail. */
static anvil_status_t read_config(const uint32_t *cmd, uint32_t words, npu_config_t *c) {
  if (words < NPU_HEADER_WORDS + 1) return ANVIL_ERR_NPU_STREAM;
  if (cmd[NPU_HDR_MAGIC] != NPU_STREAM_MAGIC || cmd[NPU_HDR_VERSION] != NPU_STREAM_VERSION) return ANVIL_ERR_NPU_STREAM;
  if (cmd[NPU_HDR_WORDS] != words) return ANVIL_ERR_NPU_STREAM;
  c->macs_per_cycle = cmd[NPU_HDR_MACS_PER_CYCLE];
  c->ublock_h = cmd[NPU_HDR_MICRO_BLOCK_H];
  c->ublock_w = cmd[NPU_HDR_MICRO_BLOCK_W];
  c->ublock_c = cmd[NPU_HDR_MICRO_BLOCK_C];
  c->dot_depth = cmd[NPU_HDR_DOT_PRODUCT_DEPTH];
  c->shram_bytes = cmd[NPU_HDR_SHRAM_BYTES];
  c->sram_bw64 = cmd[NPU_HDR_SRAM_BYTES_PER64_CYCLES];
  c->flash_bw64 = cmd[NPU_HDR_FLASH_BYTES_PER64_CYCLES];
  c->sram_latency = cmd[NPU_HDR_SRAM_LATENCY_CYCLES];
  c->flash_latency = cmd[NPU_HDR_FLASH_LATENCY_CYCLES];
  c->flash_burst = cmd[NPU_HDR_FLASH_BURST_BYTES];
  c->op_setup_cycles = cmd[NPU_HDR_OP_SETUP_CYCLES];
  c->output_cycles64 = cmd[NPU_HDR_OUTPUT_CYCLES_PER64];
  c->maxpool_output_cycles64 = cmd[NPU_HDR_MAX_POOL_OUTPUT_CYCLES_PER64];
  c->pool_elements_per_cycle = cmd[NPU_HDR_POOL_ELEMENTS_PER_CYCLE];
  c->add_cycles64 = cmd[NPU_HDR_ADD_CYCLES_PER64];
  c->mul_cycles64 = cmd[NPU_HDR_MUL_CYCLES_PER64];
  c->dw_tap_overhead = cmd[NPU_HDR_DEPTHWISE_TAP_OVERHEAD_CYCLES];
  c->decoder_weights_per_cycle = cmd[NPU_HDR_DECODER_WEIGHTS_PER_CYCLE];
  c->weight_step_floor = cmd[NPU_HDR_WEIGHT_STEP_FLOOR_CYCLES];
  c->softmax_steps = cmd[NPU_HDR_SOFTMAX_STEPS];
  /* Every divisor at least 1; every multiplier small enough that block products stay far inside 64 bits. */
  const uint32_t rates[] = {c->sram_bw64, c->flash_bw64, c->output_cycles64, c->maxpool_output_cycles64, c->add_cycles64, c->mul_cycles64};
  for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
    if (!in_range(rates[i], 1u, 0xFFFFu)) return ANVIL_ERR_NPU_CONFIG;
  const uint32_t counts[] = {c->macs_per_cycle, c->ublock_h, c->ublock_w, c->ublock_c, c->dot_depth, c->flash_burst,
                             c->pool_elements_per_cycle, c->decoder_weights_per_cycle, c->softmax_steps};
  for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
    if (!in_range(counts[i], 1u, 4096u)) return ANVIL_ERR_NPU_CONFIG;
  const uint32_t cycles[] = {c->sram_latency, c->flash_latency, c->op_setup_cycles, c->dw_tap_overhead, c->weight_step_floor};
  for (size_t i = 0; i < sizeof cycles / sizeof cycles[0]; i++)
    if (cycles[i] > 100000u) return ANVIL_ERR_NPU_CONFIG;
  if (c->shram_bytes < 1024u || c->shram_bytes > ANVIL_NPU_SHRAM_MAX_BYTES || c->shram_bytes % 4u != 0) return ANVIL_ERR_NPU_CONFIG;
  return ANVIL_OK;
}

/* Operation i's weights stream in while operation i-1 runs; it starts when both are done. */
typedef struct {
  uint64_t fetch_done, prev_start, end;
} npu_timeline_t;

static void schedule(npu_timeline_t *t, const npu_op_cost_t *c) {
  const uint64_t fetch_start = t->fetch_done > t->prev_start ? t->fetch_done : t->prev_start;
  t->fetch_done = fetch_start + c->weight_fetch_cycles;
  const uint64_t start = t->end > t->fetch_done ? t->end : t->fetch_done;
  t->end = start + c->exec_cycles;
  t->prev_start = start;
}

static anvil_status_t run_op(npu_device_t *dev, uint32_t opcode, uint32_t arg, npu_op_cost_t *cost) {
  switch (opcode) {
    case NPU_OP_CONV:
      return arg > 1 ? ANVIL_ERR_NPU_STREAM : npu_run_conv(dev, (int)arg, cost);
    case NPU_OP_POOL:
      return arg > 1 ? ANVIL_ERR_NPU_STREAM : npu_run_pool(dev, (int)arg, cost);
    case NPU_OP_ELEMENTWISE:
      return arg > 1 ? ANVIL_ERR_NPU_STREAM : npu_run_elementwise(dev, (int)arg, cost);
    case NPU_OP_SOFTMAX:
      return arg != 0 ? ANVIL_ERR_NPU_STREAM : npu_run_softmax(dev, cost);
    case NPU_OP_DMA:
      return arg != 0 ? ANVIL_ERR_NPU_STREAM : npu_run_dma(dev, cost);
    default:
      return ANVIL_ERR_NPU_STREAM;
  }
}

anvil_status_t anvil_npu_invoke(const uint32_t *cmd, uint32_t cmd_words, const anvil_npu_region_t *regions, uint32_t region_count,
                                anvil_npu_counters_t *counters) {
  if (cmd == NULL || (regions == NULL && region_count > 0) || region_count > ANVIL_NPU_REGIONS_MAX) return ANVIL_ERR_NPU_ARGUMENT;
  npu_device_t dev;
  memset(&dev, 0, sizeof dev);
  anvil_status_t s = read_config(cmd, cmd_words, &dev.config);
  if (s != ANVIL_OK) return s;
  dev.regions = regions;
  dev.region_count = region_count;
  dev.decoded = anvil_npu_decoded;
  npu_timeline_t timeline = {0, 0, 0};
  uint32_t pc = NPU_HEADER_WORDS;
  for (;;) {
    if (pc >= cmd_words) return ANVIL_ERR_NPU_STREAM; /* ran off the end without STOP */
    const uint32_t word = cmd[pc++];
    const uint32_t opcode = word & 0xFFu;
    const uint32_t arg = (word >> 8) & 0xFFu;
    const uint32_t payload = word >> 16;
    if (payload > cmd_words - pc) return ANVIL_ERR_NPU_STREAM;
    if (opcode == NPU_OP_STOP) {
      if (payload != 0 || pc != cmd_words) return ANVIL_ERR_NPU_STREAM;
      break;
    }
    if (opcode == NPU_OP_SET_REG) {
      if (payload != 1 || arg >= NPU_REG_COUNT) return ANVIL_ERR_NPU_STREAM;
      dev.regs[arg] = (int32_t)cmd[pc++];
      continue;
    }
    if (payload != 0) return ANVIL_ERR_NPU_STREAM;
    npu_op_cost_t cost = {0, 0};
    s = run_op(&dev, opcode, arg, &cost);
    if (s != ANVIL_OK) return s;
    schedule(&timeline, &cost);
    dev.counters.ops++;
  }
  dev.counters.cycles = timeline.end;
  if (counters != NULL) *counters = dev.counters;
  return ANVIL_OK;
}
