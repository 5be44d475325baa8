import { errors, fail } from '@anvil/core';
import type { RpcClient } from './rpc/client.js';
import type { HelloReply, RunReply } from './rpc/messages.js';

/** What driving the input sets through a board's RPC gave back. */
export interface DrivenSets {
  /** Per set, the outputs read back. */
  readonly outputs: Uint8Array[][];
  /** Per set, the `run` reply (the board's own count, when it has a counter). */
  readonly runs: RunReply[];
  /** Per set, upload + run + read, in ms. */
  readonly setMs: number[];
  readonly uploaded: number;
  readonly uploadMs: number;
}

/** The board must hold outputs of the sizes this model has: another model's would be read as garbage. */
export function checkOutputs(hello: HelloReply, where: string, outputBytes: readonly number[]): void {
  const outputs = hello.tensors.filter((t) => t.direction === 'output');
  if (outputs.length !== outputBytes.length || outputs.some((t, k) => t.bytes !== outputBytes[k]))
    fail(
      errors.toolchainFailed(
        where,
        `the board's outputs are ${outputs.map((t) => t.bytes).join(', ')} bytes, expected ${outputBytes.join(', ')}`,
      ),
    );
}

/**
 * Every input set down, one inference, every output back, through the serial RPC: the part of
 * a host-driven run that is the same on QEMU and on a real board.
 */
export async function driveSets(
  client: RpcClient,
  hello: HelloReply,
  where: string,
  inputSets: readonly (readonly Uint8Array[])[],
  outputBytes: readonly number[],
  onSet?: (done: number, total: number) => void,
): Promise<DrivenSets> {
  const inputs = hello.tensors.filter((t) => t.direction === 'input');
  const outputs: Uint8Array[][] = [];
  const runs: RunReply[] = [];
  const setMs: number[] = [];
  let uploaded = 0;
  let uploadMs = 0;
  for (const set of inputSets) {
    if (set.length !== inputs.length || set.some((b, k) => b.length !== inputs[k]?.bytes))
      fail(
        errors.toolchainFailed(
          where,
          `an input set has ${set.map((b) => b.length).join(', ')} bytes, the board takes ${inputs.map((t) => t.bytes).join(', ')}`,
        ),
      );
    const t0 = performance.now();
    for (const [k, bytes] of set.entries()) await client.writeInput(k, bytes);
    uploaded += set.reduce((n, b) => n + b.length, 0);
    uploadMs += performance.now() - t0;
    runs.push(await client.run());
    const outs: Uint8Array[] = [];
    for (const [k, bytes] of outputBytes.entries()) outs.push(await client.readOutput(k, bytes));
    setMs.push(performance.now() - t0);
    outputs.push(outs);
    onSet?.(outputs.length, inputSets.length);
  }
  return { outputs, runs, setMs, uploaded, uploadMs };
}
