/*
 * The parameters anvil_add_dsp_s8 and anvil_add_mve_s8 share: a flat element count (no
 * broadcasting) and TensorFlow Lite's ADD quantization, as anvil_add_s8 takes it.
 */
#ifndef ANVIL_KERNELS_ADD_SIMD_S8_PARAMS_H
#define ANVIL_KERNELS_ADD_SIMD_S8_PARAMS_H

#include <stdint.h>

typedef struct {
  /* Elements of each operand and of the output. */
  int32_t size;
  int32_t left_shift;
  int32_t input1_offset, input1_multiplier, input1_shift;
  int32_t input2_offset, input2_multiplier, input2_shift;
  int32_t output_offset, output_multiplier, output_shift;
  int32_t act_min, act_max;
} anvil_add_simd_s8_params_t;

#endif
