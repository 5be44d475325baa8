#include "npu_window.h"

static int in_range(int32_t v, int32_t lo, int32_t hi) { return v >= lo && v <= hi; }

anvil_status_t npu_read_window(const npu_device_t *dev, int32_t ofm_c, npu_window_t *w) {
  const int32_t *r = dev->regs;
  w->kh = r[NPU_REG_KERNEL_H];
  w->kw = r[NPU_REG_KERNEL_W];
  w->sh = r[NPU_REG_STRIDE_H];
  w->sw = r[NPU_REG_STRIDE_W];
  w->dh = r[NPU_REG_DILATION_H];
  w->dw = r[NPU_REG_DILATION_W];
  w->pad_top = r[NPU_REG_PAD_TOP];
  w->pad_left = r[NPU_REG_PAD_LEFT];
  w->bh = r[NPU_REG_BLOCK_H];
  w->bw = r[NPU_REG_BLOCK_W];
  w->bc = r[NPU_REG_BLOCK_C];
  w->act_min = r[NPU_REG_ACTIVATION_MIN];
  w->act_max = r[NPU_REG_ACTIVATION_MAX];
  if (!in_range(w->kh, 1, NPU_KERNEL_EXTENT_MAX) || !in_range(w->kw, 1, NPU_KERNEL_EXTENT_MAX)) return ANVIL_ERR_NPU_STREAM;
  if (!in_range(w->sh, 1, NPU_DIM_MAX) || !in_range(w->sw, 1, NPU_DIM_MAX)) return ANVIL_ERR_NPU_STREAM;
  if (!in_range(w->dh, 1, NPU_KERNEL_EXTENT_MAX) || !in_range(w->dw, 1, NPU_KERNEL_EXTENT_MAX)) return ANVIL_ERR_NPU_STREAM;
  if ((w->kh - 1) * w->dh + 1 > NPU_KERNEL_EXTENT_MAX || (w->kw - 1) * w->dw + 1 > NPU_KERNEL_EXTENT_MAX) return ANVIL_ERR_NPU_STREAM;
  if (!in_range(w->pad_top, 0, NPU_KERNEL_EXTENT_MAX) || !in_range(w->pad_left, 0, NPU_KERNEL_EXTENT_MAX)) return ANVIL_ERR_NPU_STREAM;
  if (!in_range(w->bh, 1, NPU_DIM_MAX) || !in_range(w->bw, 1, NPU_DIM_MAX) || !in_range(w->bc, 1, ofm_c)) return ANVIL_ERR_NPU_STREAM;
  if (!in_range(w->act_min, -128, 127) || !in_range(w->act_max, w->act_min, 127)) return ANVIL_ERR_NPU_STREAM;
  return ANVIL_OK;
}

uint32_t npu_kernel_passes(const npu_window_t *w) {
  return (uint32_t)npu_ceil_div((uint64_t)w->kh, NPU_KERNEL_PASS_MAX) * (uint32_t)npu_ceil_div((uint64_t)w->kw, NPU_KERNEL_PASS_MAX);
}
