#include "anvil_gather_s8.h"

anvil_status_t anvil_gather_s8(const anvil_gather_s8_params_t *params, const int8_t *x0, const int32_t *x1, int8_t *y, void *workspace) {
  return anvil_gather_s8_body(params, x0, x1, y, workspace);
}
