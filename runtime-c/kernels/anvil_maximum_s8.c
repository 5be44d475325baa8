#include "anvil_maximum_s8.h"

anvil_status_t anvil_maximum_s8(const anvil_maximum_s8_params_t *params, const int8_t *x1, const int8_t *x2, int8_t *y, void *workspace) {
  return anvil_maximum_s8_body(params, x1, x2, y, workspace);
}
