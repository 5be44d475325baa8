#include "anvil_conv2d_rvv_s8.h"

anvil_status_t anvil_conv2d_rvv_s8(const anvil_conv2d_rvv_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace) {
  /*
   * A local copy, as in the specialised calls: the int8 output stores may alias anything
   * reachable through params, so read in place every field would be reloaded after each store.
   */
  const anvil_conv2d_rvv_s8_params_t p = *params;
  return anvil_conv2d_rvv_s8_body(&p, x, y, workspace);
}
