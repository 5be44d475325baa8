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

/* One Golomb-Rice code with parameter k; its quotient at most qmax (a longer one is damage). */
static anvil_status_t read_rice(npu_weight_reader_t *r, uint32_t k, uint64_t qmax, uint32_t *u) {
  uint32_t q = 0, bit = 0;
  for (;;) {
    if (!read_bit(r, &bit)) return ANVIL_ERR_NPU_WEIGHTS;
    if (bit == 0) break;
    if (++q > qmax) return ANVIL_ERR_NPU_WEIGHTS;
  }
  uint32_t rem = 0;
  for (uint32_t b = 0; b < k; b++) {
    if (!read_bit(r, &bit)) return ANVIL_ERR_NPU_WEIGHTS;
    rem |= bit << b;
  }
  *u = (q << k) | rem;
  return ANVIL_OK;
}

static int32_t unzigzag(uint32_t u) { return (u & 1u) ? -(int32_t)((u + 1u) >> 1) : (int32_t)(u >> 1); }

/* Zero-run mode: counts of zeros, each but a trailing one followed by a non-zero (zero-run.ts). */
static anvil_status_t zero_runs(npu_weight_reader_t *r, uint32_t k_run, uint32_t k, int8_t *out) {
  uint32_t i = 0;
  while (i < r->per_channel) {
    uint32_t run = 0;
    /* A run never passes the channel's end, which bounds its quotient. */
    anvil_status_t s = read_rice(r, k_run, (uint64_t)(r->per_channel - i) >> k_run, &run);
    if (s != ANVIL_OK) return s;
    if (run > r->per_channel - i) return ANVIL_ERR_NPU_WEIGHTS;
    for (uint32_t z = 0; z < run; z++) out[i + z] = 0;
    i += run;
    if (i == r->per_channel) break;
    uint32_t u = 0;
    s = read_rice(r, k, NPU_WEIGHT_MAX_QUOTIENT, &u);
    if (s != ANVIL_OK) return s;
    const int32_t v = unzigzag(u + 1u);
    if (v < -128 || v > 127) return ANVIL_ERR_NPU_WEIGHTS;
    out[i++] = (int8_t)v;
  }
  return ANVIL_OK;
}

anvil_status_t npu_weights_channel(npu_weight_reader_t *r, uint32_t c, int8_t *out) {
  if (c >= r->channels) return ANVIL_ERR_NPU_WEIGHTS;
  const uint8_t *e = r->bytes + NPU_WEIGHT_HEADER_BYTES + (size_t)NPU_WEIGHT_CHANNEL_BYTES * c;
  const int32_t shift = (int8_t)e[8];
  const uint32_t code = e[9];
  const uint32_t k = code & 7u;
  const int delta = (code & NPU_WEIGHT_CODE_DELTA) != 0;
  if (shift < -31 || shift > 30) return ANVIL_ERR_NPU_WEIGHTS;
  if ((code & NPU_WEIGHT_CODE_ZERO_RUN) != 0) {
    if (delta) return ANVIL_ERR_NPU_WEIGHTS;
    return zero_runs(r, (code >> NPU_WEIGHT_CODE_RUN_K_SHIFT) & 7u, k, out);
  }
  if ((code & 0x78u) != 0) return ANVIL_ERR_NPU_WEIGHTS;
  int32_t prev = 0;
  for (uint32_t i = 0; i < r->per_channel; i++) {
    uint32_t u = 0;
    const anvil_status_t s = read_rice(r, k, NPU_WEIGHT_MAX_QUOTIENT, &u);
    if (s != ANVIL_OK) return s;
    const int32_t v = unzigzag(u) + (delta ? prev : 0);
    if (v < -128 || v > 127) return ANVIL_ERR_NPU_WEIGHTS;
    out[i] = (int8_t)v;
    prev = v;
  }
  return ANVIL_OK;
}
