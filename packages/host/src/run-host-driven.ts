import { errors, fail } from '@anvil/core';
import type { RunPhase } from '@anvil/core';
import type { Board } from './boards.js';
import type { Firmware } from './build-firmware.js';
import { startQemuPty } from './qemu-pty.js';
import type { QemuPty } from './qemu-pty.js';
import type { FirmwareRun } from './run-firmware.js';
import { RpcClient } from './rpc/client.js';
import type { RpcClientOptions } from './rpc/client.js';
import type { HelloReply } from './rpc/messages.js';
import { SerialTransport } from './rpc/serial-transport.js';
import { checkOutputs, driveSets } from './drive-sets.js';
import type { ByteTransport } from './rpc/transport.js';
import { tail } from './tools.js';

/** Mark ids; they must match runtime-c/boards/common/anvil_board.h (as in run-firmware.ts). */
const MARK_BEGIN = 1;
const MARK_END = 2;
const MARK_TICK = 3;
const MARK_ENTRIES = 4;

export interface HostDrivenOptions {
  readonly client?: RpcClientOptions;
  /** Puts something between the client and the pty (a test injects line faults here). */
  readonly wrapTransport?: (t: ByteTransport) => ByteTransport;
  /** Called with the live session after `hello`, before the input sets (a test's extra traffic). */
  readonly during?: (client: RpcClient, qemu: QemuPty) => Promise<void>;
  /** Told when the board boots and after each input set (the CLI's progress). */
  readonly onPhase?: (phase: RunPhase) => void;
}

export interface HostDrivenRun extends FirmwareRun {
  /** What the board said it runs. */
  readonly hello: HelloReply;
  /** Milliseconds from starting QEMU to the answer to `hello` (boot and pty connection). */
  readonly bootMs: number;
  /** Milliseconds per input set: upload, run and download through the pty. */
  readonly setMs: readonly number[];
  /** Input bytes uploaded per second over the whole session. */
  readonly uploadBytesPerSecond: number;
  readonly client: RpcClient['counters'];
  /** QEMU ended by itself after `reset` mode 1 (not stopped by the host after a grace period). */
  readonly endedByReset: boolean;
  /** Per set, the instructions of each kernel call (profile firmware's tick pairs; empty without). */
  readonly callsPerSet: readonly (readonly number[])[];
}

interface Inference {
  /** Instructions between the inference marks. */
  readonly instructions: number;
  /** Instructions between each pair of tick marks inside them: one per kernel call. */
  readonly calls: number[];
}

/**
 * The inferences the marks so far show. Ticks come in (before, after) pairs around each kernel
 * call, as in the semihosting runner; only those inside an inference's marks belong to it.
 */
function inferences(qemu: QemuPty): Inference[] {
  const out: Inference[] = [];
  let start: number | undefined;
  let ticks: number[] = [];
  for (const m of qemu.marks()) {
    if (m.id === MARK_BEGIN) {
      start = m.count;
      ticks = [];
    } else if (m.id === MARK_TICK && start !== undefined) ticks.push(m.count);
    else if (m.id === MARK_END && start !== undefined) {
      const calls: number[] = [];
      for (let i = 0; i + 1 < ticks.length; i += 2) calls.push((ticks[i + 1] as number) - (ticks[i] as number));
      out.push({ instructions: m.count - start, calls });
      start = undefined;
    }
  }
  return out;
}

/**
 * Runs host-driven firmware (buildFirmware with `hostDriven`) over several input sets with one
 * QEMU boot: every input goes down and every output comes back through the serial RPC on the
 * board's UART (a pty). Same result as `runFirmwareAsync`: outputs per set, instructions per
 * set from the counting plugin's marks (per kernel call too, for profile firmware), and the
 * stack high-water mark from `stats`. The
 * session ends with `reset` mode 1, which ends QEMU (-no-reboot).
 */
export async function runHostDriven(
  fw: Firmware,
  board: Board,
  inputSets: readonly (readonly Uint8Array[])[],
  outputBytes: readonly number[],
  options: HostDrivenOptions = {},
): Promise<HostDrivenRun> {
  const started = performance.now();
  options.onPhase?.({ stage: 'boot', board: board.name });
  const qemu = await startQemuPty({
    board,
    elf: fw.elf,
    cwd: fw.buildDir,
    sled: { address: fw.sled, entries: MARK_ENTRIES },
    ...(fw.cpu === undefined ? {} : { cpu: fw.cpu }),
  });
  const where = `host-driven run of ${fw.elf} on ${board.name}`;
  let serial: SerialTransport | undefined;
  try {
    serial = await SerialTransport.open(qemu.path);
    const client = new RpcClient(options.wrapTransport?.(serial) ?? serial, options.client);
    const hello = await client.hello();
    const bootMs = performance.now() - started;
    if (fw.modelId !== undefined && hello.modelId !== fw.modelId)
      fail(errors.toolchainFailed(where, `the board runs model ${hello.modelId}, not ${fw.modelId}`));
    checkOutputs(hello, where, outputBytes);
    await options.during?.(client, qemu);
    const before = inferences(qemu).length;
    const {
      outputs: results,
      setMs,
      uploaded,
      uploadMs,
    } = await driveSets(client, hello, where, inputSets, outputBytes, (done, total) =>
      options.onPhase?.({ stage: 'transfer', done, total }),
    );
    const stats = await client.stats();
    // The plugin wrote each END mark before the device answered its run: the file is complete.
    const driven = inferences(qemu).slice(before);
    if (driven.length !== inputSets.length)
      fail(errors.toolchainFailed(where, `expected ${inputSets.length} inference marks, got ${driven.length}`));
    const instructions = driven.map((d) => d.instructions);
    const callsPerSet = driven.map((d) => d.calls);
    try {
      await client.reset(1, 0);
    } catch {
      // The reply may be lost when QEMU goes first; the exit below is what counts.
    }
    const exit = await Promise.race([qemu.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 3000))]);
    if (exit === undefined) await qemu.stop();
    const endedByReset = exit !== undefined && exit.status === 0 && exit.signal === null;
    return {
      outputs: results,
      instructions,
      // The first set's, as the semihosting runner reports them.
      calls: callsPerSet[0] ?? [],
      callsPerSet,
      stackBytes: stats.stackHighWater ?? Number.NaN,
      bootMs,
      hello,
      setMs,
      uploadBytesPerSecond: uploadMs > 0 ? (uploaded * 1000) / uploadMs : 0,
      client: { ...client.counters },
      endedByReset,
    };
  } catch (e) {
    const exit = await qemu.stop(500);
    if (e instanceof Error) e.message = `${e.message} (${where}; QEMU: ${tail(exit.stderr, 5)})`;
    throw e;
  } finally {
    await serial?.close();
  }
}
