import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { BoardUart } from './boards.js';
import { crc32 } from './rpc/crc32.js';

/** One input or output as the generated model header states it. */
export interface HeaderTensor {
  readonly direction: 'input' | 'output';
  readonly index: number;
  readonly bytes: number;
  readonly dtype: string;
  readonly shape: readonly number[];
}

const RPC_DTYPES: Readonly<Record<string, string>> = {
  int8: 'ANVIL_RPC_DTYPE_INT8',
  uint8: 'ANVIL_RPC_DTYPE_UINT8',
  int16: 'ANVIL_RPC_DTYPE_INT16',
  int32: 'ANVIL_RPC_DTYPE_INT32',
  float32: 'ANVIL_RPC_DTYPE_FLOAT32',
};
const MAX_RANK = 6;

/**
 * The tensors of a generated model header. Sizes are macros, but dtype and shape are only in
 * the comment that follows each size (`#define ANVIL_M_INPUT0_BYTES 490 /* int8 [1, 49, 10, 1] name *\/`).
 */
export function headerTensors(model: string, header: string): HeaderTensor[] {
  const upper = model.toUpperCase();
  const re = new RegExp(`^#define ANVIL_${upper}_(INPUT|OUTPUT)(\\d+)_BYTES (\\d+) /\\* (\\w+) \\[([\\d, ]*)\\]`, 'gm');
  const found = [...header.matchAll(re)].map((m) => ({
    direction: m[1] === 'INPUT' ? ('input' as const) : ('output' as const),
    index: Number(m[2]),
    bytes: Number(m[3]),
    dtype: m[4] as string,
    shape: (m[5] as string)
      .split(',')
      .map((d) => d.trim())
      .filter((d) => d !== '')
      .map(Number),
  }));
  for (const t of found) {
    if (t.shape.length > MAX_RANK)
      fail(
        errors.toolchainFailed(
          'host-driven firmware',
          `${t.direction} ${t.index} of ${model} has rank ${t.shape.length} (the RPC carries at most 6)`,
        ),
      );
  }
  return found;
}

export interface RpcMainOptions {
  readonly model: string;
  /** The generated `<model>.h`. */
  readonly header: string;
  /** Target name the device reports in `hello`. */
  readonly target: string;
  /** Constant bytes the model carries (weights and tables), reported as `hello`'s pool bytes. */
  readonly poolBytes: number;
  readonly uart: BoardUart;
}

/** The 4 bytes at the start of input 0 that make a test-fault build (ANVIL_RPC_TEST_FAULT) crash. */
export const TEST_FAULT_INPUT = 'FALT';

/** Per driver: its header, its function prefix, and the clock init divides down to the baud rate. */
const UART_DRIVERS: Readonly<Record<BoardUart['driver'], { readonly prefix: string; readonly clockHz: number }>> = {
  // BAUDDIV only has to be >= 16 on QEMU; 25 MHz is the mps2 peripheral clock.
  cmsdk: { prefix: 'anvil_uart_cmsdk', clockHz: 25_000_000 },
  // 0: leave the divisor latch as QEMU has it.
  '16550': { prefix: 'anvil_uart_16550', clockHz: 0 },
};

/**
 * The host-driven firmware's `main()` around a compiled model: the serial RPC server of
 * runtime-c/rpc on the board's UART, serving forever. `run` invokes the model once between
 * the inference marks, exactly as the standalone main does (same call, same argument arrays
 * on the stack), so the counting plugin sees the same instructions for the same input. The
 * device reports the board's own cycle counter (DWT CYCCNT, mcycle) around that call, outside
 * the marks, when it finds one that advances, else count kind 0 (QEMU's M-profile has no DWT;
 * its RISC-V mcycle follows host time, so on QEMU the host keeps the plugin's exact count).
 * With ANVIL_PROFILE and a counter, `profile` answers the counter's ticks per step. A fault
 * restarts the firmware with a record `fault` reads (anvil_rpc_fault.c). A session ends with `reset` mode 1: the board resets, which ends QEMU when it
 * runs with -no-reboot. Model and firmware identities come as -D defines
 * (ANVIL_RPC_MODEL_ID, ANVIL_RPC_FIRMWARE_ID: 32-bit CRCs, sent big-endian in the first four
 * of their eight bytes).
 */
export function firmwareRpcMain(o: RpcMainOptions): string {
  const { model } = o;
  const upper = model.toUpperCase();
  const tensors = headerTensors(model, o.header);
  const inputs = tensors.filter((t) => t.direction === 'input').sort((a, b) => a.index - b.index);
  const outputs = tensors.filter((t) => t.direction === 'output').sort((a, b) => a.index - b.index);
  if (inputs.length === 0 || outputs.length === 0)
    fail(errors.toolchainFailed('host-driven firmware', `no input or output sizes found in ${model}.h`));
  const uart = UART_DRIVERS[o.uart.driver];
  const kind = (t: HeaderTensor): string => (t.direction === 'input' ? 'INPUT' : 'OUTPUT');
  const words = (t: HeaderTensor): string => `${t.direction}${t.index}_words`;
  const buffers = tensors.map((t) => `static uint32_t ${words(t)}[(ANVIL_${upper}_${kind(t)}${t.index}_BYTES + 3) / 4];`);
  // Scale and zero point are macros only for quantized tensors.
  const quant = tensors.flatMap((t) => {
    const q = `ANVIL_${upper}_${kind(t)}_${t.index}`;
    const name = `${kind(t)}${t.index}_QUANT`;
    return [`#ifdef ${q}_SCALE`, `#define ${name} ${q}_SCALE, ${q}_ZERO_POINT`, '#else', `#define ${name} 0.0f, 0`, '#endif'];
  });
  const descriptor = (t: HeaderTensor): string => {
    const dims = Array.from({ length: MAX_RANK }, (_, d) => `${t.shape[d] ?? 0}u`).join(', ');
    const dtype = RPC_DTYPES[t.dtype] ?? 'ANVIL_RPC_DTYPE_OTHER';
    return `    {(uint8_t *)${words(t)}, ANVIL_${upper}_${kind(t)}${t.index}_BYTES, ${dtype}, ${t.shape.length}u, {${dims}}, ${kind(t)}${t.index}_QUANT},`;
  };
  const idBytes = (macro: string): string =>
    `{(uint8_t)(${macro} >> 24), (uint8_t)(${macro} >> 16), (uint8_t)(${macro} >> 8), (uint8_t)${macro}, 0u, 0u, 0u, 0u}`;
  const target = o.target.replace(/[^\w.-]/g, '').slice(0, 32);
  return `/* Generated by Anvil: host-driven (serial RPC) firmware main for ${model}. */
#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil_board.h"
#include "anvil_rpc_board.h"
#include "anvil_rpc_fault.h"
#include "anvil_rpc_server.h"
#include "${uart.prefix}.h"
#include "${model}.h"

#ifndef ANVIL_RPC_MODEL_ID
#error "define ANVIL_RPC_MODEL_ID (buildFirmware with hostDriven passes the model's CRC-32)"
#endif
#ifndef ANVIL_RPC_FIRMWARE_ID
#define ANVIL_RPC_FIRMWARE_ID 0u
#endif

#define UART_BASE ((uintptr_t)0x${o.uart.base.toString(16)}u)
#define UART_CLOCK_HZ ${uart.clockHz}u
#define UART_BAUD 115200u
/* Polls of the UART per get_byte: returning early is allowed and keeps clock reads rare. */
#define UART_POLLS 2048u
#define STACK_PAINT 0xA5A5A5A5u

static unsigned char arena[ANVIL_${upper}_ARENA_BYTES > 0 ? ANVIL_${upper}_ARENA_BYTES : 1] ANVIL_ALIGNED(ANVIL_${upper}_ARENA_ALIGN);
${buffers.join('\n')}

${quant.join('\n')}

static const anvil_rpc_tensor_t inputs[] = {
${inputs.map(descriptor).join('\n')}
};

static const anvil_rpc_tensor_t outputs[] = {
${outputs.map(descriptor).join('\n')}
};

static void paint_stack(void) {
  uint32_t *w = __StackLimit;
  uint32_t *sp;
#if defined(__riscv)
  __asm__ volatile("mv %0, sp" : "=r"(sp));
#else
  __asm__ volatile("mov %0, sp" : "=r"(sp));
#endif
  /* Leave the live frames (and a margin for this function's own) untouched. */
  while (w < sp - 16) *w++ = STACK_PAINT;
}

static uint32_t stack_high_water(void *ctx) {
  const uint32_t *w = __StackLimit;
  (void)ctx;
  while (w < __StackTop && *w == STACK_PAINT) ++w;
  return (uint32_t)((uintptr_t)__StackTop - (uintptr_t)w);
}

#ifdef ANVIL_RPC_TEST_FAULT
/* Tests only: input 0 starting "${TEST_FAULT_INPUT}" runs an undefined instruction, as a broken kernel would. */
static void test_fault(void) {
  const uint8_t *b = (const uint8_t *)input0_words;
  if (ANVIL_${upper}_INPUT0_BYTES >= 4 && b[0] == '${TEST_FAULT_INPUT[0]}' && b[1] == '${TEST_FAULT_INPUT[1]}' && b[2] == '${TEST_FAULT_INPUT[2]}' && b[3] == '${TEST_FAULT_INPUT[3]}') {
#if defined(__riscv)
    __asm__ volatile("unimp");
#else
    __asm__ volatile("udf #0");
#endif
  }
}
#endif

/*
 * The standalone main's inference, statement for statement, so the marks count the same; the
 * board's counter is read outside them.
 */
static anvil_status_t run_model(void *ctx, uint64_t *count) {
  void *in[ANVIL_${upper}_NUM_INPUTS] = {${inputs.map(words).join(', ')}};
  void *out[ANVIL_${upper}_NUM_OUTPUTS] = {${outputs.map(words).join(', ')}};
  anvil_status_t status;
  uint32_t start;
  (void)ctx;
#ifdef ANVIL_RPC_TEST_FAULT
  test_fault();
#endif
  start = anvil_board_counter_read();
  anvil_mark(ANVIL_MARK_INFERENCE_BEGIN);
  status = anvil_${model}_invoke(arena, (const void *const *)in, out);
  anvil_mark(ANVIL_MARK_INFERENCE_END);
  /* Unsigned: right across one wrap of the 32-bit counter. */
  *count = (uint32_t)(anvil_board_counter_read() - start);
  return status;
}

#ifdef ANVIL_PROFILE
#define PROFILE_STEPS (sizeof anvil_${model}_step_ticks / sizeof anvil_${model}_step_ticks[0])

/* The counter's ticks per program step of the last inference (steps without a call stay 0). */
static uint64_t profile_count(void *ctx, uint32_t step) {
  (void)ctx;
  return step < PROFILE_STEPS ? anvil_${model}_step_ticks[step] : 0u;
}
#endif

static int uart_get(void *ctx, uint8_t *byte, uint32_t wait_ms) {
  uint32_t i;
  (void)ctx;
  (void)wait_ms;
  for (i = 0u; i < UART_POLLS; ++i) {
    if (${uart.prefix}_try_get(UART_BASE, byte)) return 1;
  }
  return 0;
}

static void uart_put(void *ctx, const uint8_t *bytes, uint32_t count) {
  (void)ctx;
  ${uart.prefix}_write(UART_BASE, bytes, count);
}

static uint32_t clock_ms(void *ctx) {
  (void)ctx;
  return anvil_rpc_board_clock_ms();
}

static void reboot(void *ctx) {
  (void)ctx;
  anvil_rpc_board_reboot();
}

static const anvil_rpc_transport_t transport = {NULL, uart_get, uart_put, clock_ms};

/* Not const: the counter, the profile and the fault record are known only once running. */
static anvil_rpc_model_t model = {
    "${target}",
    ${idBytes('ANVIL_RPC_FIRMWARE_ID')},
    ${idBytes('ANVIL_RPC_MODEL_ID')},
    ANVIL_${upper}_ARENA_BYTES,
    ${o.poolBytes}u,
    ANVIL_RPC_COUNT_NONE,
    inputs,
    ANVIL_${upper}_NUM_INPUTS,
    outputs,
    ANVIL_${upper}_NUM_OUTPUTS,
    NULL,
    run_model,
    0u,
    NULL,
    stack_high_water,
    NULL,
    reboot,
};

static anvil_rpc_server_t server;

int main(void) {
  paint_stack();
  model.fault = anvil_rpc_fault_record();
  if (anvil_board_counter_start()) {
    model.count_kind = ANVIL_RPC_COUNT_CYCLES;
#ifdef ANVIL_PROFILE
    model.profile_layer_count = PROFILE_STEPS;
    model.profile_count = profile_count;
#endif
  }
  ${uart.prefix}_init(UART_BASE, UART_CLOCK_HZ, UART_BAUD);
  if (anvil_rpc_server_init(&server, &transport, &model) != ANVIL_OK) return 5;
  anvil_rpc_server_serve(&server);
  return 0;
}
`;
}

/**
 * The model identity `hello` reports: the CRC-32 of the generated model source and weights
 * (`<model>.c` and, when there is one, `<model>_weights.c`), where the constants live. A
 * host that holds the artifact computes the same value and refuses a board running another
 * model.
 */
export function rpcModelId(artifactDir: string, model: string): number {
  const parts = [`${model}.c`, `${model}_weights.c`]
    .map((f) => join(artifactDir, f))
    .filter((p) => existsSync(p))
    .map((p) => new Uint8Array(readFileSync(p)));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return crc32(all);
}

/** Constant bytes the artifact's report states (weights plus kernel tables); 0 without a report. */
export function rpcPoolBytes(artifactDir: string): number {
  const path = join(artifactDir, 'report.json');
  if (!existsSync(path)) return 0;
  const report = JSON.parse(readFileSync(path, 'utf8')) as { weightBytes?: unknown; code?: { tableBytes?: unknown } };
  const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return n(report.weightBytes) + n(report.code?.tableBytes);
}

/** An identity as the 16 hex digits `hello` carries: the CRC big-endian, then four zero bytes. */
export function rpcIdHex(id: number): string {
  return `${(id >>> 0).toString(16).padStart(8, '0')}00000000`;
}
