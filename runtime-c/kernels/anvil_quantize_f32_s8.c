#include "anvil_quantize_f32_s8.h"

anvil_status_t anvil_quantize_f32_s8(const anvil_quantize_f32_s8_params_t *params, const float *x, int8_t *y, void *workspace) {
  return anvil_quantize_f32_s8_body(params, x, y, workspace);
}
