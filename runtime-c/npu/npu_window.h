/* Window geometry shared by convolution and pooling, read and checked from the registers. */
#ifndef ANVIL_NPU_WINDOW_H
#define ANVIL_NPU_WINDOW_H

#include "npu_internal.h"

typedef struct {
  int32_t kh, kw, sh, sw, dh, dw, pad_top, pad_left;
  int32_t bh, bw, bc;
  int32_t act_min, act_max;
} npu_window_t;

/* Fails unless every value is in the range the device supports; `ofm_c` bounds the block depth. */
anvil_status_t npu_read_window(const npu_device_t *dev, int32_t ofm_c, npu_window_t *w);
/* Kernel passes: the window cut into NPU_KERNEL_PASS_MAX-square pieces. */
uint32_t npu_kernel_passes(const npu_window_t *w);

#endif
