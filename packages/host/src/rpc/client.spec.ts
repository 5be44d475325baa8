/**
 * The RPC client against the C server built for the host (runtime-c/rpc/test: stdin/stdout,
 * a model that adds 1 to every byte), with a transport that loses or spoils bytes on demand:
 * retries keep the same seq and run id, so a lost reply never runs the model twice, and a
 * dead line ends in a typed timeout.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool } from '../tools.js';
import { buildStdioServer, startStdioServer } from '../testing/stdio-server.js';
import { RpcClient, RpcTimeoutError, isRpcFailure } from './client.js';
import { RpcError } from './errors.js';
import { RpcDeviceFaultError } from './fault.js';
import type { ByteTransport } from './transport.js';

const BYTES = 600; // the test server's tensor size

type Spoil = 'none' | 'lose-write' | 'lose-reply' | 'flip-reply' | 'swallow';

/** The server's stdin/stdout as a transport, spoiling the next write or reply when told to. */
class PipeLine implements ByteTransport {
  spoil: Spoil = 'none';
  private receiver: (chunk: Uint8Array) => void = () => undefined;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (b: Buffer) => {
      const chunk = new Uint8Array(b);
      if (this.spoil === 'lose-reply') {
        this.spoil = 'none';
        return;
      }
      if (this.spoil === 'flip-reply') {
        this.spoil = 'none';
        chunk[2] = (chunk[2] ?? 0) ^ 0x10;
      }
      this.receiver(chunk);
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.spoil === 'swallow') return Promise.resolve();
    if (this.spoil === 'lose-write') {
      this.spoil = 'none';
      return Promise.resolve();
    }
    return new Promise((resolve) => this.child.stdin.write(bytes, () => resolve()));
  }

  onData(receiver: (chunk: Uint8Array) => void): void {
    this.receiver = receiver;
  }

  close(): Promise<void> {
    this.child.stdin.end();
    return Promise.resolve();
  }
}

const gcc = hasTool('gcc');
const dir = mkdtempSync(join(tmpdir(), 'anvil-rpc-client-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!gcc && process.env['CI'] !== 'true')(`RPC client ${gcc ? '' : '(skipped: gcc is missing)'}`, () => {
  let line: PipeLine;
  let client: RpcClient;
  const input = Uint8Array.from({ length: BYTES }, (_, i) => (i * 5 + 1) & 0x7f);

  beforeAll(() => {
    const exe = buildStdioServer(dir);
    line = new PipeLine(startStdioServer(exe));
    client = new RpcClient(line, { timeoutMs: 200, retries: 2, runTimeoutMs: 200, firstRunId: 7 });
  }, 60_000);

  afterAll(() => line?.close());

  it('walks hello, chunked write, run, chunked read', async () => {
    const hello = await client.hello();
    expect(hello).toMatchObject({ inputCount: 1, outputCount: 1, maxPayload: 256, target: 'host-test' });
    expect(hello.tensors).toHaveLength(2);
    await client.writeInput(0, input);
    expect((await client.run()).runId).toBe(7);
    expect(await client.readOutput(0, BYTES)).toEqual(input.map((b) => b + 1));
  });

  it('retries through lost and spoiled frames; a lost run reply does not run the model again', async () => {
    const before = (await client.stats()).runs;
    line.spoil = 'lose-write';
    await client.writeInput(0, input);
    line.spoil = 'lose-reply';
    const run = await client.run();
    expect(run.cached).toBe(true); // the retry was answered from the device's run cache
    line.spoil = 'flip-reply';
    expect(await client.readOutput(0, BYTES)).toEqual(input.map((b) => b + 1));
    const stats = await client.stats();
    expect(stats.runs).toBe(before + 1);
    expect(stats.cachedRuns).toBeGreaterThanOrEqual(1);
    expect(client.counters.resends).toBeGreaterThanOrEqual(3);
  });

  it('a run that crashes the board fails with its fault record, runs once, and the session goes on', async () => {
    const crash = Uint8Array.from(input);
    crash.set(new TextEncoder().encode('FALT'));
    await client.writeInput(0, crash);
    const { timeouts, restarts } = client.counters;
    const e = await client.run().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RpcDeviceFaultError);
    // The restarted board said so unasked: the client did not wait out the run's timeout.
    expect(client.counters.restarts).toBe(restarts + 1);
    expect(client.counters.timeouts).toBe(timeouts);
    expect(e).toMatchObject({
      code: 'RPC_DEVICE_FAULT',
      // LR counts the crashes: the run was not sent again after the board restarted.
      fault: { arch: 'arm', pc: 0x1234, lr: 1, cfsr: 1 << 16 },
      details: { cfsrBits: ['UNDEFINSTR'], hfsrBits: ['FORCED'], during: 'run' },
    });
    expect((e as Error).message).toMatch(/PC 0x00001234.*UNDEFINSTR/);
    // Read with CLEAR: nothing pending any more, and the restarted board runs the next input.
    expect((await client.hello()).faultPending).toBe(false);
    expect(await client.fault()).toEqual({ arch: 'none' });
    await client.writeInput(0, input);
    expect((await client.run()).cached).toBe(false);
    expect(await client.readOutput(0, BYTES)).toEqual(input.map((b) => b + 1));
  });

  it('fails with typed errors: a device error by name, a dead line by timeout', async () => {
    const e = await client.writeInput(3, input).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RpcError);
    expect(e).toMatchObject({ code: 'RPC_DEVICE_ERROR', details: { name: 'badArgument' } });
    line.spoil = 'swallow';
    const t = await client.stats().catch((x: unknown) => x);
    expect(t).toBeInstanceOf(RpcTimeoutError);
    expect(isRpcFailure(t)).toBe(true);
    line.spoil = 'none';
    expect((await client.stats()).hasLastRun).toBe(true);
  });
});
