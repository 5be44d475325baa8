/*
 * The device side of Anvil's serial RPC (PROTOCOL.md): receives COBS frames through a small
 * transport, runs the commands against a model description the firmware fills in, and sends
 * replies. No heap: the server's buffers are arrays inside anvil_rpc_server_t, sized by
 * ANVIL_RPC_MAX_PAYLOAD, and the firmware owns the struct (usually a static).
 */
#ifndef ANVIL_RPC_SERVER_H
#define ANVIL_RPC_SERVER_H

#include <stdint.h>

#include "anvil/status.h"
#include "anvil_rpc_cobs.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ANVIL_RPC_VERSION 1u

#ifndef ANVIL_RPC_MAX_PAYLOAD
#define ANVIL_RPC_MAX_PAYLOAD 256u
#endif
#if ANVIL_RPC_MAX_PAYLOAD < 128 || ANVIL_RPC_MAX_PAYLOAD > 16384
#error "ANVIL_RPC_MAX_PAYLOAD must be in 128..16384 (PROTOCOL.md section 2)"
#endif

/* How long a half frame may wait for its next byte before the server drops it. */
#ifndef ANVIL_RPC_INTERBYTE_TIMEOUT_MS
#define ANVIL_RPC_INTERBYTE_TIMEOUT_MS 100u
#endif
/* The longest single wait for a byte between frames (the transport may wake earlier). */
#ifndef ANVIL_RPC_IDLE_WAIT_MS
#define ANVIL_RPC_IDLE_WAIT_MS 1000u
#endif

#define ANVIL_RPC_FRAME_OVERHEAD 10u
#define ANVIL_RPC_FRAME_MAX (ANVIL_RPC_MAX_PAYLOAD + ANVIL_RPC_FRAME_OVERHEAD)
#define ANVIL_RPC_MAX_RANK 6u
#define ANVIL_RPC_TARGET_MAX 32u

/* Request kinds; a reply's kind is the request's | 0x80. */
#define ANVIL_RPC_HELLO 0x01u
#define ANVIL_RPC_WRITE_INPUT 0x02u
#define ANVIL_RPC_RUN 0x03u
#define ANVIL_RPC_READ_OUTPUT 0x04u
#define ANVIL_RPC_PROFILE 0x05u
#define ANVIL_RPC_STATS 0x06u
#define ANVIL_RPC_FAULT 0x07u
#define ANVIL_RPC_RESET 0x08u
#define ANVIL_RPC_REPLY 0x80u
#define ANVIL_RPC_ERROR 0xFFu
/* The one frame a device sends unasked: it restarted with a fault record pending. */
#define ANVIL_RPC_RESTART_NOTICE 0xFEu
#define ANVIL_RPC_UNATTRIBUTED_SEQ 0xFFFFu

/* Error reply codes (PROTOCOL.md section 5). */
#define ANVIL_RPC_E_BAD_CRC 1u
#define ANVIL_RPC_E_BAD_LENGTH 2u
#define ANVIL_RPC_E_FRAME_TOO_LONG 3u
#define ANVIL_RPC_E_UNKNOWN_COMMAND 4u
#define ANVIL_RPC_E_VERSION_MISMATCH 5u
#define ANVIL_RPC_E_BAD_ARGUMENT 6u
#define ANVIL_RPC_E_RUN_FAILED 7u
#define ANVIL_RPC_E_TIMEOUT 8u
#define ANVIL_RPC_E_BAD_FRAMING 9u
#define ANVIL_RPC_E_UNSUPPORTED 10u

#define ANVIL_RPC_DTYPE_INT8 0u
#define ANVIL_RPC_DTYPE_UINT8 1u
#define ANVIL_RPC_DTYPE_INT16 2u
#define ANVIL_RPC_DTYPE_INT32 3u
#define ANVIL_RPC_DTYPE_FLOAT32 4u
#define ANVIL_RPC_DTYPE_OTHER 255u

#define ANVIL_RPC_COUNT_NONE 0u
#define ANVIL_RPC_COUNT_CYCLES 1u
#define ANVIL_RPC_COUNT_INSTRUCTIONS 2u
#define ANVIL_RPC_COUNT_MICROSECONDS 3u

#define ANVIL_RPC_ARCH_NONE 0u
#define ANVIL_RPC_ARCH_ARM 1u
#define ANVIL_RPC_ARCH_RISCV 2u

/*
 * The byte stream. get_byte waits at most wait_ms for one byte and returns 1 (stored in
 * *byte), 0 (nothing yet; it may return early, e.g. a UART poll that never waits) or a
 * negative value when the stream is closed for good. put_bytes sends everything before it
 * returns. now_ms is a free-running millisecond clock; it may wrap.
 */
typedef struct {
  void *ctx;
  int (*get_byte)(void *ctx, uint8_t *byte, uint32_t wait_ms);
  void (*put_bytes)(void *ctx, const uint8_t *bytes, uint32_t count);
  uint32_t (*now_ms)(void *ctx);
} anvil_rpc_transport_t;

typedef struct {
  uint8_t *data;
  uint32_t size; /* bytes */
  uint8_t dtype; /* ANVIL_RPC_DTYPE_* */
  uint8_t rank;  /* at most ANVIL_RPC_MAX_RANK */
  uint32_t dims[ANVIL_RPC_MAX_RANK];
  float scale; /* 0 when not quantized */
  int32_t zero_point;
} anvil_rpc_tensor_t;

/*
 * What a fault handler leaves behind (in RAM that survives the reset, e.g. .noinit). Arm:
 * regs = PC, LR, xPSR, CFSR, HFSR, MMFAR, BFAR; RISC-V: regs[0..2] = mepc, mcause, mtval.
 */
typedef struct {
  uint32_t arch; /* ANVIL_RPC_ARCH_*; ANVIL_RPC_ARCH_NONE when there is no record */
  uint32_t regs[7];
} anvil_rpc_fault_t;

/* The model as the firmware describes it. Optional members may be NULL or 0. */
typedef struct {
  const char *target; /* at most ANVIL_RPC_TARGET_MAX characters are sent */
  uint8_t firmware_id[8];
  uint8_t model_id[8];
  uint32_t arena_bytes;
  uint32_t pool_bytes;
  uint8_t count_kind; /* ANVIL_RPC_COUNT_* */
  const anvil_rpc_tensor_t *inputs;
  uint8_t input_count;
  const anvil_rpc_tensor_t *outputs;
  uint8_t output_count;
  void *ctx;
  /* Runs one inference on the inputs; stores the board counter's measure in *count. */
  anvil_status_t (*run)(void *ctx, uint64_t *count);
  /* Optional: per-layer counts of the last run. */
  uint32_t profile_layer_count;
  uint64_t (*profile_count)(void *ctx, uint32_t layer);
  /* Optional: stack high-water mark in bytes. */
  uint32_t (*stack_high_water)(void *ctx);
  /* Optional: the fault record; the server clears it (arch = NONE) when asked to. */
  anvil_rpc_fault_t *fault;
  /* Optional: reboots the board; called after the reply has been sent. */
  void (*reboot)(void *ctx);
} anvil_rpc_model_t;

typedef struct {
  const anvil_rpc_transport_t *transport;
  const anvil_rpc_model_t *model;
  anvil_rpc_cobs_stream_t rx_stream;
  uint8_t rx[ANVIL_RPC_FRAME_MAX];
  uint8_t tx[ANVIL_RPC_FRAME_MAX];
  uint32_t last_byte_ms;
  /* The run cache (PROTOCOL.md 3.3). */
  uint8_t has_last_run;
  uint32_t last_run_id;
  anvil_status_t last_status;
  uint64_t last_count;
  /* stats */
  uint32_t runs;
  uint32_t cached_runs;
  uint32_t frames_ok;
  uint32_t frames_rejected;
} anvil_rpc_server_t;

/* Pre: every pointer valid for the server's life. Returns ANVIL_ERR_NULL_POINTER if not. */
anvil_status_t anvil_rpc_server_init(anvil_rpc_server_t *server, const anvil_rpc_transport_t *transport,
                                     const anvil_rpc_model_t *model);

/*
 * Waits for one byte (or the inter-byte timeout) and handles it, answering a frame the byte
 * completes. Returns 1 when it handled a byte, 0 when none came, negative when the transport
 * closed.
 */
int anvil_rpc_server_step(anvil_rpc_server_t *server);

/* Steps until the transport closes (on a board: forever). */
void anvil_rpc_server_serve(anvil_rpc_server_t *server);

#ifdef __cplusplus
}
#endif

#endif
