/*
 * A host build of the RPC server for tests: the transport is stdin/stdout and the "model"
 * adds 1 to every input byte. packages/host/src/rpc/server-interop.spec.ts drives it with the
 * TypeScript codec. An input whose first byte is 0xEE makes the run fail, so the test can see
 * RUN_FAILED. An input starting "FALT" stands for a crash: the run leaves the fault record a
 * board's handler would (Arm, UNDEFINSTR; LR holds how many crashes so far) and the server
 * starts again without replying, with its state lost as after a board's restart. POSIX, not
 * for devices.
 */
#define _POSIX_C_SOURCE 200809L

#include <poll.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "anvil_rpc_server.h"

#define DUMMY_BYTES 600u
#define DUMMY_LAYERS 3u

static uint8_t dummy_in[DUMMY_BYTES];
static uint8_t dummy_out[DUMMY_BYTES];
static uint64_t dummy_layer_counts[DUMMY_LAYERS];
static anvil_rpc_fault_t dummy_fault;
static jmp_buf restart;
static uint32_t crashes;

static anvil_status_t dummy_run(void *ctx, uint64_t *count) {
  uint32_t i;
  uint32_t *runs = (uint32_t *)ctx;
  if (dummy_in[0] == 0xEEu) return ANVIL_ERR_KERNEL;
  if (memcmp(dummy_in, "FALT", 4u) == 0) {
    ++crashes;
    dummy_fault.regs[0] = 0x00001234u;    /* PC */
    dummy_fault.regs[1] = crashes;        /* LR: lets a test count the crashes */
    dummy_fault.regs[2] = 0x01000003u;    /* xPSR: Thumb, HardFault */
    dummy_fault.regs[3] = 1u << 16;       /* CFSR: UNDEFINSTR */
    dummy_fault.regs[4] = 1u << 30;       /* HFSR: FORCED */
    dummy_fault.regs[5] = 0u;
    dummy_fault.regs[6] = 0u;
    dummy_fault.arch = ANVIL_RPC_ARCH_ARM;
    longjmp(restart, 1);
  }
  for (i = 0u; i < DUMMY_BYTES; ++i) dummy_out[i] = (uint8_t)(dummy_in[i] + 1u);
  ++*runs;
  for (i = 0u; i < DUMMY_LAYERS; ++i) dummy_layer_counts[i] = 100u * (i + 1u) + *runs;
  /* Larger than 32 bits, so the test sees the whole u64 travel. */
  *count = 0x100000000ull + 1000u * *runs;
  return ANVIL_OK;
}

static uint64_t dummy_profile(void *ctx, uint32_t layer) {
  (void)ctx;
  return dummy_layer_counts[layer];
}

static uint32_t dummy_stack(void *ctx) {
  (void)ctx;
  return 1234u;
}

static int stdio_get(void *ctx, uint8_t *byte, uint32_t wait_ms) {
  struct pollfd p;
  ssize_t n;
  (void)ctx;
  p.fd = 0;
  p.events = POLLIN;
  p.revents = 0;
  if (poll(&p, 1, (int)wait_ms) <= 0) return 0;
  n = read(0, byte, 1);
  return n == 1 ? 1 : -1;
}

static uint8_t out_buf[4096];
static size_t out_used;

static void stdio_flush(void) {
  size_t done = 0;
  while (done < out_used) {
    ssize_t n = write(1, out_buf + done, out_used - done);
    if (n <= 0) break;
    done += (size_t)n;
  }
  out_used = 0;
}

/* Replies go out whole: buffered until their delimiter. */
static void stdio_put(void *ctx, const uint8_t *bytes, uint32_t count) {
  uint32_t i;
  (void)ctx;
  for (i = 0u; i < count; ++i) {
    if (out_used == sizeof(out_buf)) stdio_flush();
    out_buf[out_used++] = bytes[i];
    if (bytes[i] == 0u) stdio_flush();
  }
}

static uint32_t stdio_now(void *ctx) {
  struct timespec ts;
  (void)ctx;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

int main(void) {
  static anvil_rpc_server_t server;
  static uint32_t runs;
  static anvil_rpc_tensor_t input;
  static anvil_rpc_tensor_t output;
  static anvil_rpc_model_t model;
  static anvil_rpc_transport_t transport;
  static const uint8_t firmware_id[8] = {0xF1, 0x00, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
  static const uint8_t model_id[8] = {0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0x00};

  input.data = dummy_in;
  input.size = DUMMY_BYTES;
  input.dtype = ANVIL_RPC_DTYPE_INT8;
  input.rank = 2u;
  input.dims[0] = 1u;
  input.dims[1] = DUMMY_BYTES;
  input.scale = 0.5f;
  input.zero_point = -3;
  output = input;
  output.data = dummy_out;
  output.dtype = ANVIL_RPC_DTYPE_UINT8;
  output.scale = 0.25f;
  output.zero_point = 7;

  model.target = "host-test";
  memcpy(model.firmware_id, firmware_id, 8u);
  memcpy(model.model_id, model_id, 8u);
  model.arena_bytes = 4096u;
  model.pool_bytes = 512u;
  model.count_kind = ANVIL_RPC_COUNT_INSTRUCTIONS;
  model.inputs = &input;
  model.input_count = 1u;
  model.outputs = &output;
  model.output_count = 1u;
  model.ctx = &runs;
  model.run = dummy_run;
  model.profile_layer_count = DUMMY_LAYERS;
  model.profile_count = dummy_profile;
  model.stack_high_water = dummy_stack;
  model.fault = &dummy_fault;

  transport.ctx = 0;
  transport.get_byte = stdio_get;
  transport.put_bytes = stdio_put;
  transport.now_ms = stdio_now;

  /* A crash comes back here: the server starts afresh, the fault record and the tensors stay. */
  (void)setjmp(restart);
  if (anvil_rpc_server_init(&server, &transport, &model) != ANVIL_OK) return 2;
  anvil_rpc_server_serve(&server);
  stdio_flush();
  return 0;
}
