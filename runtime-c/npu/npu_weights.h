/* Decoding the weight stream: a channel table, then Golomb-Rice or zero-run coded bits (see encode-weights.ts). */
#ifndef ANVIL_NPU_WEIGHTS_H
#define ANVIL_NPU_WEIGHTS_H

#include <stdint.h>

#include "anvil/status.h"

typedef struct {
  const uint8_t *bytes; /* the whole stream */
  uint32_t length;
  uint32_t channels;
  uint32_t per_channel;
  uint64_t bit;     /* next bit of the coded part */
  uint64_t bit_end; /* bits available */
} npu_weight_reader_t;

typedef struct {
  int32_t bias, multiplier, shift;
} npu_channel_params_t;

/* Checks the header against what the op expects. */
anvil_status_t npu_weights_open(npu_weight_reader_t *r, const uint8_t *bytes, uint32_t length, uint32_t channels, uint32_t per_channel);
/* Decodes channel `c` (channels must be decoded in order) into out[per_channel]; checks its parameters. */
anvil_status_t npu_weights_channel(npu_weight_reader_t *r, uint32_t c, int8_t *out);
/* Channel `c`'s bias and requantization. Pre: c < channels (it was decoded, so it was checked). */
void npu_weights_params(const npu_weight_reader_t *r, uint32_t c, npu_channel_params_t *params);

#endif
