#include <stddef.h>
#include <stdint.h>

#include "npu_internal.h"
#include "npu_weights.h"

static int32_t read_i32(const uint8_t *p) {
  return (int32_t)((uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24));
}

anvil_status_t npu_weights_open(npu_weight_reader_t *r, const uint8_t *bytes, uint32_t length, uint32_t channels, uint32_t per_channel) {
  if (length < NPU_WEIGHT_HEADER_BYTES) return ANVIL_ERR_NPU_WEIGHTS;
  if ((uint32_t)read_i32(bytes) != channels || (uint32_t)read_i32(bytes + 4) != per_channel) return ANVIL_ERR_NPU_WEIGHTS;
  const uint64_t table = NPU_WEIGHT_HEADER_BYTES + (uint64_t)NPU_WEIGHT_CHANNEL_BYTES * channels;
  if (table > length) return ANVIL_ERR_NPU_WEIGHTS;
  r->bytes = bytes;
  r->length = length;
  r->channels = channels;
  r->per_channel = per_channel;
  r->bit = table * 8u;
  r->bit_end = (uint64_t)length * 8u;
  return ANVIL_OK;
}

static int read_bit(npu_weight_reader_t *r, uint32_t *bit) {
  if (r->bit >= r->bit_end) return 0;
  *bit = (r->bytes[r->bit >> 3] >> (r->bit & 7u)) & 1u;
  r->bit++;
  return 1;
}

void npu_weights_params(const npu_weight_reader_t *r, uint32_t c, npu_channel_params_t *params) {
  const uint8_t *e = r->bytes + NPU_WEIGHT_HEADER_BYTES + (size_t)NPU_WEIGHT_CHANNEL_BYTES * c;
  params->bias = read_i32(e);
  params->multiplier = read_i32(e + 4);
  params->shift = (int8_t)e[8];
}

anvil_status_t npu_weights_channel(npu_weight_reader_t *r, uint32_t c, int8_t *out) {
  if (c >= r->channels) return ANVIL_ERR_NPU_WEIGHTS;
  const uint8_t *e = r->bytes + NPU_WEIGHT_HEADER_BYTES + (size_t)NPU_WEIGHT_CHANNEL_BYTES * c;
  const int32_t shift = (int8_t)e[8];
  const uint32_t code = e[9];
  const uint32_t k = code & 7u;
  const int delta = (code & 0x80u) != 0;
  if ((code & 0x78u) != 0 || shift < -31 || shift > 30) return ANVIL_ERR_NPU_WEIGHTS;
  int32_t prev = 0;
  for (uint32_t i = 0; i < r->per_channel; i++) {
    uint32_t q = 0, bit = 0;
    for (;;) {
      if (!read_bit(r, &bit)) return ANVIL_ERR_NPU_WEIGHTS;
      if (bit == 0) break;
      if (++q > NPU_WEIGHT_MAX_QUOTIENT) return ANVIL_ERR_NPU_WEIGHTS;
    }
    uint32_t rem = 0;
    for (uint32_t b = 0; b < k; b++) {
      if (!read_bit(r, &bit)) return ANVIL_ERR_NPU_WEIGHTS;
      rem |= bit << b;
    }
    const uint32_t u = (q << k) | rem;
    const int32_t d = (u & 1u) ? -(int32_t)((u + 1u) >> 1) : (int32_t)(u >> 1);
    const int32_t v = d + (delta ? prev : 0);
    if (v < -128 || v > 127) return ANVIL_ERR_NPU_WEIGHTS;
    out[i] = (int8_t)v;
    prev = v;
  }
  return ANVIL_OK;
}
