/**
 * Hundreds of seeded line faults between the RPC client and the real C server (runtime-c/rpc,
 * built for the host with ASan/UBSan, on stdin/stdout): bits flipped, bytes zeroed, dropped,
 * duplicated or inserted, frames cut short or lost, in both directions, with storms that
 * make whole requests fail. Every request must end with the right data or a typed failure,
 * the session must carry on after a failure, a wrong output must never be accepted, and no
 * retry may run the model a second time.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStdioServer, startStdioServer, STDIO_SERVER_BYTES } from '../testing/stdio-server.js';
import { hasTool } from '../tools.js';
import { isRpcFailure, RpcClient } from './client.js';
import type { ByteTransport } from './transport.js';

const FAULTS = ['flip', 'zero', 'drop', 'duplicate', 'insert', 'truncate', 'lose'] as const;
type Fault = (typeof FAULTS)[number];

/** xorshift32: the same faults on every run of the test. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

/** One fault applied to a chunk of bytes on the line. */
function spoil(bytes: Uint8Array, fault: Fault, rnd: () => number): Uint8Array {
  const at = Math.floor(rnd() * bytes.length);
  const b = [...bytes];
  switch (fault) {
    case 'flip':
      b[at] = (b[at] ?? 0) ^ (1 << Math.floor(rnd() * 8));
      break;
    case 'zero':
      b[at] = 0;
      break;
    case 'drop':
      b.splice(at, 1);
      break;
    case 'duplicate':
      b.splice(at, 0, b[at] ?? 0);
      break;
    case 'insert':
      b.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 256)));
      break;
    case 'truncate':
      b.length = at;
      break;
    case 'lose':
      b.length = 0;
      break;
  }
  return Uint8Array.from(b);
}

/** The server's pipes as a line that spoils a share of what passes, either way. */
class FaultyLine implements ByteTransport {
  rate = 0;
  readonly injected = new Map<Fault, number>();
  private receiver: (chunk: Uint8Array) => void = () => undefined;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly rnd: () => number,
  ) {
    child.stdout.on('data', (b: Buffer) => {
      const chunk = this.pass(new Uint8Array(b));
      if (chunk.length > 0) this.receiver(chunk);
    });
  }

  private pass(bytes: Uint8Array): Uint8Array {
    if (bytes.length === 0 || this.rnd() >= this.rate) return bytes;
    const fault = FAULTS[Math.floor(this.rnd() * FAULTS.length)] as Fault;
    this.injected.set(fault, (this.injected.get(fault) ?? 0) + 1);
    return spoil(bytes, fault, this.rnd);
  }

  write(bytes: Uint8Array): Promise<void> {
    const out = this.pass(bytes);
    if (out.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.child.stdin.write(out, () => resolve()));
  }

  onData(receiver: (chunk: Uint8Array) => void): void {
    this.receiver = receiver;
  }

  close(): Promise<void> {
    this.child.stdin.end();
    return Promise.resolve();
  }

  total(): number {
    return [...this.injected.values()].reduce((a, b) => a + b, 0);
  }
}

const gcc = hasTool('gcc');
const dir = mkdtempSync(join(tmpdir(), 'anvil-rpc-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The test server counts 0x1_0000_0000 + 1000 × (inferences so far): consecutive inferences differ by 1000.
const COUNT_BASE = 0x1_0000_0000;
const COUNT_STEP = 1000;
const CYCLES = 300;
const RATE = 0.06;
/** Every STORM-th cycle nearly every transfer is spoiled, so whole requests fail. */
const STORM = 25;

describe.skipIf(!gcc && process.env['CI'] !== 'true')(`RPC under line faults ${gcc ? '' : '(skipped: gcc is missing)'}`, () => {
  let child: ChildProcessWithoutNullStreams;
  let stderr = '';
  let exited: Promise<number | null>;

  beforeAll(() => {
    const exe = buildStdioServer(dir, { sanitize: true, defines: ['ANVIL_RPC_MAX_PAYLOAD=256', 'ANVIL_RPC_INTERBYTE_TIMEOUT_MS=300'] });
    child = startStdioServer(exe);
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }, 60_000);

  afterAll(async () => {
    if (child === undefined) return;
    child.stdin.end();
    const code = await exited;
    expect(stderr).toBe(''); // nothing from the sanitizers
    expect(code).toBe(0);
  });

  it(`${CYCLES} write/run/read cycles under seeded faults: right data or a typed failure, never a wrong output or a second run`, async () => {
    const rnd = random(0x5eed_0014);
    const line = new FaultyLine(child, rnd);
    const client = new RpcClient(line, { timeoutMs: 120, retries: 5, runTimeoutMs: 120, firstRunId: 1000 });
    await client.hello();
    const outcome = { ok: 0, failed: 0, runsAcked: 0, failedRuns: 0 };
    let lastCount: bigint | undefined;
    let runsSinceLastCount = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      line.rate = cycle % STORM === STORM - 1 ? 0.9 : RATE;
      const input = Uint8Array.from({ length: STDIO_SERVER_BYTES }, () => Math.floor(rnd() * 0xee)); // 0xEE in byte 0 fails the model
      let ran = false;
      try {
        await client.writeInput(0, input);
        ran = true;
        const run = await client.run();
        ran = false;
        outcome.runsAcked++;
        runsSinceLastCount++;
        // One inference for this run id, whatever was resent: the count moved by one step,
        // or by as many as the failed run requests before it may have started.
        const delta = lastCount === undefined ? undefined : Number(run.count - lastCount);
        if (delta !== undefined) {
          expect(delta % COUNT_STEP).toBe(0);
          expect(delta / COUNT_STEP).toBeGreaterThanOrEqual(1);
          expect(delta / COUNT_STEP).toBeLessThanOrEqual(runsSinceLastCount);
        } else {
          expect(run.count).toBeGreaterThan(BigInt(COUNT_BASE));
        }
        lastCount = run.count;
        runsSinceLastCount = 0;
        const out = await client.readOutput(0, STDIO_SERVER_BYTES);
        expect(out).toEqual(input.map((b) => (b + 1) & 0xff));
        outcome.ok++;
      } catch (e) {
        if (!isRpcFailure(e)) throw e;
        outcome.failed++;
        if (ran) outcome.failedRuns++;
      }
    }
    line.rate = 0;
    // The session is still good after everything, and the device ran the model once per
    // acknowledged run (whatever was resent) plus at most once per run request that failed.
    const stats = await client.stats();
    expect(stats.runs).toBeGreaterThanOrEqual(outcome.runsAcked);
    expect(stats.runs).toBeLessThanOrEqual(outcome.runsAcked + outcome.failedRuns);
    const injected = Object.fromEntries(FAULTS.map((f) => [f, line.injected.get(f) ?? 0]));
    console.log(
      `line faults: ${line.total()} injected ${JSON.stringify(injected)}; ${outcome.ok} cycles right, ${outcome.failed} failed typed; ` +
        `resends ${client.counters.resends}, timeouts ${client.counters.timeouts}, bad frames ${client.counters.badFrames}, ` +
        `unattributed ${client.counters.unattributedErrors}, late ${client.counters.lateReplies}`,
    );
    expect(line.total()).toBeGreaterThanOrEqual(300);
    for (const f of FAULTS) expect(line.injected.get(f) ?? 0).toBeGreaterThanOrEqual(15);
    expect(outcome.failed).toBeGreaterThan(0); // the storms did break requests
    expect(outcome.ok).toBeGreaterThan(CYCLES * 0.8);
  }, 120_000);
});
