/*
 * COBS framing for the serial RPC (PROTOCOL.md section 1): whole-buffer encode and decode,
 * and a byte-at-a-time decoder so the server needs a buffer of the decoded frame's size only.
 */
#ifndef ANVIL_RPC_COBS_H
#define ANVIL_RPC_COBS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An upper bound on the encoded size of n bytes (without the 0x00 delimiter). */
#define ANVIL_RPC_COBS_MAX_ENCODED(n) ((n) + ((n) + 1u + 253u) / 254u + 1u)

/*
 * Encodes src[0..n) canonically into dst (capacity cap). Returns the encoded length, or 0
 * when dst is too small (a valid encoding is never empty). Writes no delimiter.
 */
uint32_t anvil_rpc_cobs_encode(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap);

/*
 * Decodes src[0..n) (no delimiter) into dst (capacity cap). Returns 0 and sets *out_len, or
 * -1 when src is not COBS (a zero byte, a block cut short), or -2 when dst is too small.
 */
int anvil_rpc_cobs_decode(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap, uint32_t *out_len);

/* The streaming decoder: one per receive path. */
typedef struct {
  uint8_t *dst;
  uint32_t cap;
  uint32_t len;     /* decoded bytes so far */
  uint32_t encoded; /* encoded bytes of this frame so far */
  uint8_t code;     /* code byte of the current block */
  uint8_t left;     /* data bytes still due in the current block */
  uint8_t zero_due; /* the block ended below 0xFF: a zero follows if more blocks come */
  uint8_t overflow; /* the frame outgrew dst; bytes are dropped until the delimiter */
} anvil_rpc_cobs_stream_t;

#define ANVIL_RPC_COBS_OK 0
#define ANVIL_RPC_COBS_BAD (-1)
#define ANVIL_RPC_COBS_OVERFLOW (-2)

void anvil_rpc_cobs_stream_init(anvil_rpc_cobs_stream_t *s, uint8_t *dst, uint32_t cap);
/* Forgets the frame in progress. */
void anvil_rpc_cobs_stream_restart(anvil_rpc_cobs_stream_t *s);
/* Feeds one non-zero encoded byte. */
void anvil_rpc_cobs_stream_push(anvil_rpc_cobs_stream_t *s, uint8_t byte);
/*
 * At a delimiter: ANVIL_RPC_COBS_OK (the frame is dst[0..len)), _BAD or _OVERFLOW. The caller
 * restarts the stream after reading the result.
 */
int anvil_rpc_cobs_stream_end(const anvil_rpc_cobs_stream_t *s);

#ifdef __cplusplus
}
#endif

#endif
