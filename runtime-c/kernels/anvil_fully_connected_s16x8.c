#include "anvil_fully_connected_s16x8.h"

anvil_status_t anvil_fully_connected_s16x8(const anvil_fully_connected_s16x8_params_t *params, const int16_t *x, int16_t *y, void *workspace) {
  return anvil_fully_connected_s16x8_body(params, x, y, workspace);
}
