#include "anvil_dequantize_s8_f32.h"

anvil_status_t anvil_dequantize_s8_f32(const anvil_dequantize_s8_f32_params_t *params, const int8_t *x, float *y, void *workspace) {
  return anvil_dequantize_s8_f32_body(params, x, y, workspace);
}
