#include "anvil_rpc_server.h"

#include <string.h>

#include "anvil_rpc_crc32.h"

/* Reply payloads are written straight into tx after the 6-byte header. */
#define ANVIL_RPC_HDR 6u

static void anvil_rpc_put16(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v & 0xFFu);
  p[1] = (uint8_t)((v >> 8) & 0xFFu);
}

static void anvil_rpc_put32(uint8_t *p, uint32_t v) {
  anvil_rpc_put16(p, v & 0xFFFFu);
  anvil_rpc_put16(p + 2, v >> 16);
}

static void anvil_rpc_put64(uint8_t *p, uint64_t v) {
  anvil_rpc_put32(p, (uint32_t)(v & 0xFFFFFFFFu));
  anvil_rpc_put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t anvil_rpc_get16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }

static uint32_t anvil_rpc_get32(const uint8_t *p) { return anvil_rpc_get16(p) | (anvil_rpc_get16(p + 2) << 16); }

/* Sends tx[0..6+n) as one frame, COBS-encoding on the fly so no second buffer is needed. */
static void anvil_rpc_send(anvil_rpc_server_t *s, uint32_t kind, uint32_t seq, uint32_t n) {
  const anvil_rpc_transport_t *t = s->transport;
  uint8_t *f = s->tx;
  uint32_t total = ANVIL_RPC_HDR + n + 4u;
  uint32_t i = 0u;
  static const uint8_t delimiter = 0u;
  f[0] = (uint8_t)ANVIL_RPC_VERSION;
  f[1] = (uint8_t)kind;
  anvil_rpc_put16(f + 2, seq);
  anvil_rpc_put16(f + 4, n);
  anvil_rpc_put32(f + ANVIL_RPC_HDR + n, anvil_rpc_crc32(f, ANVIL_RPC_HDR + n));
  for (;;) {
    uint32_t run = 0u;
    uint8_t code;
    while (i + run < total && f[i + run] != 0u && run < 254u) ++run;
    code = (uint8_t)(run + 1u);
    t->put_bytes(t->ctx, &code, 1u);
    if (run > 0u) t->put_bytes(t->ctx, f + i, run);
    i += run;
    if (run == 254u) continue;
    if (i == total) break;
    ++i;
  }
  t->put_bytes(t->ctx, &delimiter, 1u);
}

static void anvil_rpc_error(anvil_rpc_server_t *s, uint32_t seq, uint32_t req_kind, uint32_t code, uint32_t detail,
                            uint32_t detail2) {
  uint8_t *p = s->tx + ANVIL_RPC_HDR;
  anvil_rpc_put16(p, code);
  p[2] = (uint8_t)req_kind;
  p[3] = (uint8_t)ANVIL_RPC_VERSION;
  anvil_rpc_put32(p + 4, detail);
  anvil_rpc_put32(p + 8, detail2);
  anvil_rpc_send(s, ANVIL_RPC_ERROR, seq, 12u);
}

static void anvil_rpc_unattributed(anvil_rpc_server_t *s, uint32_t code, uint32_t detail, uint32_t detail2) {
  ++s->frames_rejected;
  anvil_rpc_error(s, ANVIL_RPC_UNATTRIBUTED_SEQ, 0u, code, detail, detail2);
}

static void anvil_rpc_session_reset(anvil_rpc_server_t *s) {
  s->has_last_run = 0u;
  s->last_run_id = 0u;
  s->last_status = ANVIL_OK;
  s->last_count = 0u;
  s->runs = 0u;
  s->cached_runs = 0u;
  s->frames_ok = 0u;
  s->frames_rejected = 0u;
}

static uint32_t anvil_rpc_tensor_total(const anvil_rpc_model_t *m) { return (uint32_t)m->input_count + m->output_count; }

static const anvil_rpc_tensor_t *anvil_rpc_tensor_at(const anvil_rpc_model_t *m, uint32_t i) {
  return i < m->input_count ? &m->inputs[i] : &m->outputs[i - m->input_count];
}

/* Returns the reply payload length. */
static uint32_t anvil_rpc_hello(anvil_rpc_server_t *s, uint32_t first) {
  const anvil_rpc_model_t *m = s->model;
  uint8_t *p = s->tx + ANVIL_RPC_HDR;
  uint32_t target_len = 0u;
  uint32_t o;
  uint32_t count = 0u;
  uint32_t i;
  uint32_t flags = 0u;
  if (m->target != 0) {
    while (target_len < ANVIL_RPC_TARGET_MAX && m->target[target_len] != '\0') ++target_len;
  }
  if (m->fault != 0 && m->fault->arch != ANVIL_RPC_ARCH_NONE) flags |= 1u;
  if (m->profile_count != 0 && m->profile_layer_count > 0u) flags |= 2u;
  if (m->reboot != 0) flags |= 4u;
  if (m->stack_high_water != 0) flags |= 8u;
  memset(p, 0, 40u);
  p[0] = (uint8_t)ANVIL_RPC_VERSION;
  p[1] = (uint8_t)flags;
  anvil_rpc_put16(p + 2, ANVIL_RPC_MAX_PAYLOAD);
  p[4] = m->count_kind;
  p[5] = m->input_count;
  p[6] = m->output_count;
  p[7] = (uint8_t)target_len;
  anvil_rpc_put32(p + 8, m->arena_bytes);
  anvil_rpc_put32(p + 12, m->pool_bytes);
  anvil_rpc_put32(p + 16, (flags & 2u) ? m->profile_layer_count : 0u);
  memcpy(p + 20, m->firmware_id, 8u);
  memcpy(p + 28, m->model_id, 8u);
  p[36] = (uint8_t)first;
  if (target_len > 0u) memcpy(p + 40, m->target, target_len);
  o = 40u + target_len;
  for (i = first; i < anvil_rpc_tensor_total(m); ++i) {
    const anvil_rpc_tensor_t *t = anvil_rpc_tensor_at(m, i);
    uint32_t rank = t->rank > ANVIL_RPC_MAX_RANK ? ANVIL_RPC_MAX_RANK : t->rank;
    uint32_t d;
    uint32_t scale_bits;
    if (o + 16u + 4u * rank > ANVIL_RPC_MAX_PAYLOAD) break;
    p[o] = t->dtype;
    p[o + 1u] = (uint8_t)rank;
    p[o + 2u] = (uint8_t)(i < m->input_count ? 0u : 1u);
    p[o + 3u] = (uint8_t)(i < m->input_count ? i : i - m->input_count);
    anvil_rpc_put32(p + o + 4u, t->size);
    /* The wire carries the IEEE 754 bits; memcpy is the defined way to get them. */
    memcpy(&scale_bits, &t->scale, 4u);
    anvil_rpc_put32(p + o + 8u, scale_bits);
    anvil_rpc_put32(p + o + 12u, (uint32_t)t->zero_point);
    for (d = 0u; d < rank; ++d) anvil_rpc_put32(p + o + 16u + 4u * d, t->dims[d]);
    o += 16u + 4u * rank;
    ++count;
  }
  p[37] = (uint8_t)count;
  return o;
}

/* Runs (or replays) one inference and sends its reply. */
static void anvil_rpc_run(anvil_rpc_server_t *s, uint32_t seq, const uint8_t *req) {
  const anvil_rpc_model_t *m = s->model;
  uint32_t run_id = anvil_rpc_get32(req);
  uint32_t cached = 0u;
  uint8_t *p = s->tx + ANVIL_RPC_HDR;
  if (s->has_last_run && run_id == s->last_run_id && (req[4] & 1u) == 0u) {
    cached = 1u;
    ++s->cached_runs;
  } else {
    uint64_t count = 0u;
    /* Count the run before it happens: a run that never returns must not look like none. */
    ++s->runs;
    s->last_status = m->run(m->ctx, &count);
    s->last_count = count;
    s->last_run_id = run_id;
    s->has_last_run = 1u;
  }
  if (s->last_status != ANVIL_OK) {
    anvil_rpc_error(s, seq, ANVIL_RPC_RUN, ANVIL_RPC_E_RUN_FAILED, (uint32_t)s->last_status, run_id);
    return;
  }
  memset(p, 0, 16u);
  anvil_rpc_put32(p, run_id);
  p[4] = (uint8_t)cached;
  p[5] = m->count_kind;
  anvil_rpc_put64(p + 8, s->last_count);
  anvil_rpc_send(s, ANVIL_RPC_RUN | ANVIL_RPC_REPLY, seq, 16u);
}

/* Checks a request's payload length; sends BAD_LENGTH and returns 0 when it is wrong. */
static int anvil_rpc_length_ok(anvil_rpc_server_t *s, uint32_t seq, uint32_t kind, uint32_t n, uint32_t want) {
  if (n == want) return 1;
  anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_LENGTH, n, want);
  return 0;
}

static void anvil_rpc_dispatch(anvil_rpc_server_t *s, uint32_t kind, uint32_t seq, const uint8_t *req, uint32_t n) {
  const anvil_rpc_model_t *m = s->model;
  uint8_t *p = s->tx + ANVIL_RPC_HDR;
  switch (kind) {
    case ANVIL_RPC_HELLO: {
      uint32_t first = n == 1u ? req[0] : 0u;
      if (n > 1u) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_LENGTH, n, 1u);
      } else if (first > anvil_rpc_tensor_total(m)) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_ARGUMENT, 0u, anvil_rpc_tensor_total(m));
      } else {
        anvil_rpc_send(s, kind | ANVIL_RPC_REPLY, seq, anvil_rpc_hello(s, first));
      }
      return;
    }
    case ANVIL_RPC_WRITE_INPUT: {
      uint32_t index;
      uint32_t offset;
      uint32_t count;
      if (n < 8u) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_LENGTH, n, 8u);
        return;
      }
      index = req[0];
      offset = anvil_rpc_get32(req + 4);
      count = n - 8u;
      if (index >= m->input_count) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_ARGUMENT, 0u, m->input_count);
        return;
      }
      /* Written as a subtraction so a huge offset cannot wrap past the check. */
      if (offset > m->inputs[index].size || count > m->inputs[index].size - offset) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_ARGUMENT, 4u, m->inputs[index].size);
        return;
      }
      if (count > 0u) memcpy(m->inputs[index].data + offset, req + 8, count);
      memset(p, 0, 12u);
      p[0] = (uint8_t)index;
      anvil_rpc_put32(p + 4, offset);
      anvil_rpc_put32(p + 8, count);
      anvil_rpc_send(s, kind | ANVIL_RPC_REPLY, seq, 12u);
      return;
    }
    case ANVIL_RPC_RUN:
      if (anvil_rpc_length_ok(s, seq, kind, n, 8u)) anvil_rpc_run(s, seq, req);
      return;
    case ANVIL_RPC_READ_OUTPUT: {
      uint32_t index;
      uint32_t offset;
      uint32_t count;
      uint32_t size;
      if (!anvil_rpc_length_ok(s, seq, kind, n, 12u)) return;
      index = req[0];
      offset = anvil_rpc_get32(req + 4);
      count = anvil_rpc_get16(req + 8);
      if (index >= m->output_count) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_ARGUMENT, 0u, m->output_count);
        return;
      }
      size = m->outputs[index].size;
      if (offset > size) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_ARGUMENT, 4u, size);
        return;
      }
      if (count > size - offset) count = size - offset;
      if (count > ANVIL_RPC_MAX_PAYLOAD - 8u) count = ANVIL_RPC_MAX_PAYLOAD - 8u;
      memset(p, 0, 8u);
      p[0] = (uint8_t)index;
      anvil_rpc_put32(p + 4, offset);
      if (count > 0u) memcpy(p + 8, m->outputs[index].data + offset, count);
      anvil_rpc_send(s, kind | ANVIL_RPC_REPLY, seq, 8u + count);
      return;
    }
    case ANVIL_RPC_PROFILE: {
      uint32_t first;
      uint32_t count;
      uint32_t i;
      uint32_t layers = m->profile_layer_count;
      if (!anvil_rpc_length_ok(s, seq, kind, n, 8u)) return;
      if (m->profile_count == 0 || layers == 0u) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_UNSUPPORTED, kind, 0u);
        return;
      }
      first = anvil_rpc_get32(req);
      count = anvil_rpc_get16(req + 4);
      if (first > layers) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_ARGUMENT, 0u, layers);
        return;
      }
      if (count > layers - first) count = layers - first;
      if (count > (ANVIL_RPC_MAX_PAYLOAD - 8u) / 8u) count = (ANVIL_RPC_MAX_PAYLOAD - 8u) / 8u;
      anvil_rpc_put32(p, layers);
      anvil_rpc_put32(p + 4, first);
      for (i = 0u; i < count; ++i) anvil_rpc_put64(p + 8u + 8u * i, m->profile_count(m->ctx, first + i));
      anvil_rpc_send(s, kind | ANVIL_RPC_REPLY, seq, 8u + 8u * count);
      return;
    }
    case ANVIL_RPC_STATS:
      if (!anvil_rpc_length_ok(s, seq, kind, n, 0u)) return;
      memset(p, 0, 32u);
      anvil_rpc_put32(p, s->runs);
      anvil_rpc_put32(p + 4, s->cached_runs);
      anvil_rpc_put32(p + 8, (uint32_t)s->last_status);
      anvil_rpc_put32(p + 12, s->last_run_id);
      anvil_rpc_put32(p + 16, m->stack_high_water != 0 ? m->stack_high_water(m->ctx) : 0xFFFFFFFFu);
      anvil_rpc_put32(p + 20, s->frames_ok);
      anvil_rpc_put32(p + 24, s->frames_rejected);
      p[28] = s->has_last_run;
      anvil_rpc_send(s, kind | ANVIL_RPC_REPLY, seq, 32u);
      return;
    case ANVIL_RPC_FAULT: {
      uint32_t arch = m->fault != 0 ? m->fault->arch : ANVIL_RPC_ARCH_NONE;
      uint32_t regs = arch == ANVIL_RPC_ARCH_ARM ? 7u : arch == ANVIL_RPC_ARCH_RISCV ? 3u : 0u;
      uint32_t i;
      if (!anvil_rpc_length_ok(s, seq, kind, n, 1u)) return;
      /* A record of an architecture this server does not know reads as none. */
      if (regs == 0u) arch = ANVIL_RPC_ARCH_NONE;
      memset(p, 0, 4u);
      p[0] = (uint8_t)arch;
      p[1] = (uint8_t)regs;
      for (i = 0u; i < regs; ++i) anvil_rpc_put32(p + 4u + 4u * i, m->fault->regs[i]);
      if ((req[0] & 1u) != 0u && m->fault != 0) m->fault->arch = ANVIL_RPC_ARCH_NONE;
      anvil_rpc_send(s, kind | ANVIL_RPC_REPLY, seq, 4u + 4u * regs);
      return;
    }
    case ANVIL_RPC_RESET: {
      uint32_t mode;
      if (!anvil_rpc_length_ok(s, seq, kind, n, 4u)) return;
      mode = req[0];
      if (mode > 1u) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_ARGUMENT, 0u, 1u);
        return;
      }
      if (mode == 1u && m->reboot == 0) {
        anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_UNSUPPORTED, kind, 0u);
        return;
      }
      anvil_rpc_session_reset(s);
      memset(p, 0, 4u);
      p[0] = (uint8_t)mode;
      anvil_rpc_send(s, kind | ANVIL_RPC_REPLY, seq, 4u);
      if (mode == 1u) m->reboot(m->ctx);
      return;
    }
    default:
      anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_UNKNOWN_COMMAND, kind, 0u);
      return;
  }
}

/* A delimiter arrived: check the frame in PROTOCOL.md's order and answer it. */
static void anvil_rpc_frame_end(anvil_rpc_server_t *s) {
  anvil_rpc_cobs_stream_t *st = &s->rx_stream;
  int status = anvil_rpc_cobs_stream_end(st);
  uint32_t len = st->len;
  uint32_t encoded = st->encoded;
  uint32_t n;
  uint32_t version;
  uint32_t kind;
  uint32_t seq;
  anvil_rpc_cobs_stream_restart(st);
  if (encoded == 0u) return; /* 00 00: not a frame */
  if (status == ANVIL_RPC_COBS_BAD) {
    anvil_rpc_unattributed(s, ANVIL_RPC_E_BAD_FRAMING, encoded, 0u);
    return;
  }
  if (status == ANVIL_RPC_COBS_OVERFLOW) {
    anvil_rpc_unattributed(s, ANVIL_RPC_E_FRAME_TOO_LONG, ANVIL_RPC_MAX_PAYLOAD, 0u);
    return;
  }
  if (len < ANVIL_RPC_FRAME_OVERHEAD) {
    anvil_rpc_unattributed(s, ANVIL_RPC_E_BAD_LENGTH, len, ANVIL_RPC_FRAME_OVERHEAD);
    return;
  }
  if (anvil_rpc_crc32(s->rx, len - 4u) != anvil_rpc_get32(s->rx + len - 4u)) {
    anvil_rpc_unattributed(s, ANVIL_RPC_E_BAD_CRC, len, 0u);
    return;
  }
  ++s->frames_ok;
  version = s->rx[0];
  kind = s->rx[1];
  seq = anvil_rpc_get16(s->rx + 2);
  n = anvil_rpc_get16(s->rx + 4);
  if (n != len - ANVIL_RPC_FRAME_OVERHEAD) {
    anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_BAD_LENGTH, n, len - ANVIL_RPC_FRAME_OVERHEAD);
    return;
  }
  if (version != ANVIL_RPC_VERSION) {
    anvil_rpc_error(s, seq, kind, ANVIL_RPC_E_VERSION_MISMATCH, version < ANVIL_RPC_VERSION ? 1u : 2u, version);
    return;
  }
  anvil_rpc_dispatch(s, kind, seq, s->rx + ANVIL_RPC_HDR, n);
}

anvil_status_t anvil_rpc_server_init(anvil_rpc_server_t *server, const anvil_rpc_transport_t *transport,
                                     const anvil_rpc_model_t *model) {
  if (server == 0 || transport == 0 || model == 0 || transport->get_byte == 0 || transport->put_bytes == 0 ||
      transport->now_ms == 0 || model->run == 0) {
    return ANVIL_ERR_NULL_POINTER;
  }
  memset(server, 0, sizeof(*server));
  server->transport = transport;
  server->model = model;
  anvil_rpc_cobs_stream_init(&server->rx_stream, server->rx, ANVIL_RPC_FRAME_MAX);
  anvil_rpc_session_reset(server);
  server->last_byte_ms = transport->now_ms(transport->ctx);
  /*
   * A host waiting for a run that crashed the board would otherwise wait out its run timeout
   * (a busy board and a dead one look alike); this tells it at once. Only with a record
   * pending, so a normal boot stays silent.
   */
  if (model->fault != 0 && model->fault->arch != ANVIL_RPC_ARCH_NONE) {
    uint8_t *p = server->tx + ANVIL_RPC_HDR;
    p[0] = (uint8_t)model->fault->arch;
    p[1] = 0u;
    p[2] = 0u;
    p[3] = 0u;
    anvil_rpc_send(server, ANVIL_RPC_RESTART_NOTICE, ANVIL_RPC_UNATTRIBUTED_SEQ, 4u);
  }
  return ANVIL_OK;
}

int anvil_rpc_server_step(anvil_rpc_server_t *s) {
  const anvil_rpc_transport_t *t = s->transport;
  uint8_t byte = 0u;
  int got;
  uint32_t wait = ANVIL_RPC_IDLE_WAIT_MS;
  uint32_t in_frame = s->rx_stream.encoded != 0u;
  if (in_frame) {
    uint32_t waited = t->now_ms(t->ctx) - s->last_byte_ms;
    wait = waited >= ANVIL_RPC_INTERBYTE_TIMEOUT_MS ? 0u : ANVIL_RPC_INTERBYTE_TIMEOUT_MS - waited;
  }
  got = t->get_byte(t->ctx, &byte, wait);
  if (got < 0) return got;
  if (got == 0) {
    /* Never hang on a half frame: the sender gave up or a byte was lost. */
    if (in_frame && t->now_ms(t->ctx) - s->last_byte_ms >= ANVIL_RPC_INTERBYTE_TIMEOUT_MS) {
      uint32_t discarded = s->rx_stream.len;
      anvil_rpc_cobs_stream_restart(&s->rx_stream);
      anvil_rpc_unattributed(s, ANVIL_RPC_E_TIMEOUT, discarded, 0u);
    }
    return 0;
  }
  s->last_byte_ms = t->now_ms(t->ctx);
  if (byte == 0u) {
    anvil_rpc_frame_end(s);
  } else {
    anvil_rpc_cobs_stream_push(&s->rx_stream, byte);
  }
  return 1;
}

void anvil_rpc_server_serve(anvil_rpc_server_t *server) {
  while (anvil_rpc_server_step(server) >= 0) {
  }
}
