/* The device: validates the stream header, then executes commands until STOP. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "anvil/npu.h"
#include "npu_internal.h"

/* SHRAM, the device's internal buffer: one per device, as in silicon. */
static int8_t anvil_npu_shram[ANVIL_NPU_SHRAM_MAX_BYTES];

static int is_pow2(uint32_t v) { return v != 0 && (v & (v - 1)) == 0; }

static anvil_status_t read_config(const uint32_t *cmd, uint32_t words, npu_config_t *c) {
  if (words < NPU_HEADER_WORDS + 1) return ANVIL_ERR_NPU_STREAM;
  if (cmd[NPU_HDR_MAGIC] != NPU_STREAM_MAGIC || cmd[NPU_HDR_VERSION] != NPU_STREAM_VERSION) return ANVIL_ERR_NPU_STREAM;
  if (cmd[NPU_HDR_WORDS] != words) return ANVIL_ERR_NPU_STREAM;
  c->macs_per_cycle = cmd[NPU_HDR_MACS];
  c->dw_macs_per_cycle = cmd[NPU_HDR_DW_MACS];
  c->elements_per_cycle = cmd[NPU_HDR_ELEMENTS];
  c->shram_bytes = cmd[NPU_HDR_SHRAM];
  c->sram_bytes_per_cycle = cmd[NPU_HDR_SRAM_BW];
  c->flash_bytes_per_cycle = cmd[NPU_HDR_FLASH_BW];
  c->op_setup_cycles = cmd[NPU_HDR_OP_SETUP];
  if (!is_pow2(c->macs_per_cycle) || !is_pow2(c->dw_macs_per_cycle) || !is_pow2(c->elements_per_cycle) ||
      !is_pow2(c->sram_bytes_per_cycle) || !is_pow2(c->flash_bytes_per_cycle) || c->op_setup_cycles > 100000u) {
    return ANVIL_ERR_NPU_CONFIG;
  }
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
    case NPU_OP_DMA:
      return arg != 0 ? ANVIL_ERR_NPU_STREAM : npu_run_dma(dev, cost);
    default:
      return ANVIL_ERR_NPU_STREAM;
  }
}

anvil_status_t anvil_npu_invoke(const uint32_t *cmd, uint32_t cmd_words, const anvil_npu_region_t *regions, uint32_t region_count,
                                anvil_npu_counters_t *counters) {
  if (cmd == NULL || (regions == NULL && region_count > 0)) return ANVIL_ERR_NPU_ARGUMENT;
  npu_device_t dev;
  memset(&dev, 0, sizeof dev);
  anvil_status_t s = read_config(cmd, cmd_words, &dev.config);
  if (s != ANVIL_OK) return s;
  dev.regions = regions;
  dev.region_count = region_count;
  dev.shram = anvil_npu_shram;
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
