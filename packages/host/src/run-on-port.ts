import { errors, fail } from '@anvil/core';
import type { RunPhase } from '@anvil/core';
import { checkOutputs, driveSets } from './drive-sets.js';
import { rpcIdHex, rpcModelId } from './firmware-rpc-main.js';
import { RpcClient } from './rpc/client.js';
import type { RpcClientOptions } from './rpc/client.js';
import type { HelloReply } from './rpc/messages.js';
import { openLine, parseLineAddress } from './rpc/open-transport.js';

export interface PortRunRequest {
  /** Serial line of a board already running Anvil's host-driven firmware (`/dev/ttyACM0`, a pty, `tcp:HOST:PORT`). */
  readonly path: string;
  readonly baud: number;
  /** The compiled model folder: its identity must be the one the board reports. */
  readonly artifactDir: string;
  readonly model: string;
  readonly inputSets: readonly (readonly Uint8Array[])[];
  readonly outputBytes: readonly number[];
  readonly client?: RpcClientOptions;
  /** Told after each input set (the CLI's progress). */
  readonly onPhase?: (phase: RunPhase) => void;
  /** Also read the board counter's count per program step of the last inference (`profile`). */
  readonly profile?: boolean;
}

export interface PortRun {
  readonly outputs: Uint8Array[][];
  /** Per set, the board's own count, or undefined when its firmware has no counter to read. */
  readonly counts: readonly number[] | undefined;
  /** What the counts count, as the board states it (`cycles` for the DWT or mcycle). */
  readonly countKind: HelloReply['countKind'];
  /** With `profile`: the count of each program step in the last inference (0 for steps without a call). */
  readonly stepCounts?: readonly number[];
  readonly hello: HelloReply;
  readonly stackBytes: number;
  readonly uploadBytesPerSecond: number;
}

/**
 * Runs input sets on a board that is already flashed and serving the RPC, over its serial
 * port: no build, no boot, no reset (the board keeps serving). The board must hold this very
 * model (the identity of the generated model and weights), or nothing is sent.
 */
export async function runOnPort(req: PortRunRequest): Promise<PortRun> {
  const where = `host-driven run on ${req.path}`;
  const serial = await openLine(parseLineAddress(req.path), req.baud);
  try {
    const client = new RpcClient(serial, req.client);
    const hello = await client.hello();
    const expected = rpcIdHex(rpcModelId(req.artifactDir, req.model));
    if (hello.modelId.slice(0, 8) !== expected.slice(0, 8))
      fail(
        errors.cliBadArgument(
          `the board on ${req.path} runs model ${hello.modelId.slice(0, 8)}, not this one (${expected.slice(0, 8)})`,
          'flash the host-driven firmware built from this model and these options, or name its port',
        ),
      );
    checkOutputs(hello, where, req.outputBytes);
    // Refused before any inference: the board cannot give what was asked.
    if (req.profile === true && !hello.hasProfile)
      fail(
        errors.cliBadArgument(
          `--profile: the board on ${req.path} reports no per-step counts (${
            hello.countKind === 'none' ? 'it has no cycle counter its firmware can read' : 'its firmware was built without profiling'
          })`,
          'drop --profile, or flash host-driven firmware built with profiling on a board with a cycle counter (DWT CYCCNT, mcycle)',
        ),
      );
    const driven = await driveSets(client, hello, where, req.inputSets, req.outputBytes, (done, total) =>
      req.onPhase?.({ stage: 'transfer', done, total }),
    );
    const stats = await client.stats();
    const counted = driven.runs.every((r) => r.countKind !== 0);
    const stepCounts = req.profile === true ? (await client.profile()).map(Number) : undefined;
    return {
      outputs: driven.outputs,
      counts: counted ? driven.runs.map((r) => Number(r.count)) : undefined,
      countKind: hello.countKind,
      ...(stepCounts === undefined ? {} : { stepCounts }),
      hello,
      stackBytes: stats.stackHighWater ?? Number.NaN,
      uploadBytesPerSecond: driven.uploadMs > 0 ? (driven.uploaded * 1000) / driven.uploadMs : 0,
    };
  } finally {
    await serial.close();
  }
}
