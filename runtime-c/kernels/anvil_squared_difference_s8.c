#include "anvil_squared_difference_s8.h"

anvil_status_t anvil_squared_difference_s8(const anvil_squared_difference_s8_params_t *params, const int8_t *x1, const int8_t *x2, int8_t *y,
                                           void *workspace) {
  return anvil_squared_difference_s8_body(params, x1, x2, y, workspace);
}
