#include "anvil_lstm_dsp_s8.h"

anvil_status_t anvil_lstm_dsp_s8(const anvil_lstm_dsp_s8_params_t *params, const int8_t *x, int8_t *y, void *workspace) {
  return anvil_lstm_dsp_s8_body(params, x, y, workspace);
}
