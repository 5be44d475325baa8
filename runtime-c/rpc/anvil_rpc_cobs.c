#include "anvil_rpc_cobs.h"

uint32_t anvil_rpc_cobs_encode(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap) {
  uint32_t i = 0u;
  uint32_t o = 0u;
  for (;;) {
    uint32_t run = 0u;
    uint32_t k;
    while (i + run < n && src[i + run] != 0u && run < 254u) ++run;
    if (o + 1u + run > cap) return 0u;
    dst[o++] = (uint8_t)(run + 1u);
    for (k = 0u; k < run; ++k) dst[o++] = src[i + k];
    i += run;
    /* A full block carries no implicit zero, so the segment goes on (perhaps empty). */
    if (run == 254u) continue;
    if (i == n) break;
    ++i;
  }
  return o;
}

int anvil_rpc_cobs_decode(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap, uint32_t *out_len) {
  uint32_t i = 0u;
  uint32_t o = 0u;
  while (i < n) {
    uint32_t code = src[i++];
    uint32_t k;
    if (code == 0u) return ANVIL_RPC_COBS_BAD;
    for (k = 1u; k < code; ++k) {
      if (i >= n || src[i] == 0u) return ANVIL_RPC_COBS_BAD;
      if (o >= cap) return ANVIL_RPC_COBS_OVERFLOW;
      dst[o++] = src[i++];
    }
    if (code != 0xFFu && i < n) {
      if (o >= cap) return ANVIL_RPC_COBS_OVERFLOW;
      dst[o++] = 0u;
    }
  }
  *out_len = o;
  return ANVIL_RPC_COBS_OK;
}

void anvil_rpc_cobs_stream_init(anvil_rpc_cobs_stream_t *s, uint8_t *dst, uint32_t cap) {
  s->dst = dst;
  s->cap = cap;
  anvil_rpc_cobs_stream_restart(s);
}

void anvil_rpc_cobs_stream_restart(anvil_rpc_cobs_stream_t *s) {
  s->len = 0u;
  s->encoded = 0u;
  s->code = 0u;
  s->left = 0u;
  s->zero_due = 0u;
  s->overflow = 0u;
}

static void anvil_rpc_cobs_stream_out(anvil_rpc_cobs_stream_t *s, uint8_t byte) {
  if (s->len >= s->cap) {
    s->overflow = 1u;
    return;
  }
  s->dst[s->len++] = byte;
}

void anvil_rpc_cobs_stream_push(anvil_rpc_cobs_stream_t *s, uint8_t byte) {
  if (s->encoded != 0xFFFFFFFFu) ++s->encoded;
  if (s->overflow) return;
  if (s->left == 0u) {
    /* A code byte: the zero the previous block implied is real only now that more follows. */
    if (s->zero_due) anvil_rpc_cobs_stream_out(s, 0u);
    s->code = byte;
    s->left = (uint8_t)(byte - 1u);
  } else {
    anvil_rpc_cobs_stream_out(s, byte);
    --s->left;
  }
  s->zero_due = (uint8_t)(s->left == 0u && s->code != 0xFFu);
}

int anvil_rpc_cobs_stream_end(const anvil_rpc_cobs_stream_t *s) {
  if (s->overflow) return ANVIL_RPC_COBS_OVERFLOW;
  if (s->left != 0u) return ANVIL_RPC_COBS_BAD;
  return ANVIL_RPC_COBS_OK;
}
