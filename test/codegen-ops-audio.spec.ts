import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder, hostCompiler } from '@anvil/testing';
import { interpret } from '@anvil/interp';
import type { HostBuild } from './support/host-build.js';
import { buildForHost, runHost } from './support/host-build.js';

// GATHER with indices computed at run time, which the conformance kit cannot feed (its random
// inputs fall outside any axis): the generated C must match the interpreter on valid indices
// and, like TFLite Micro, fail the invocation on any other, never reading out of bounds (the
// build is under ASan and UBSan). The other ops of issue 16 run in codegen-ops.spec.ts.

const host = hostCompiler();
const int32 = (values: number[]): Uint8Array => new Uint8Array(new Int32Array(values).buffer);

describe.skipIf(host.skip)(`GATHER with run-time indices, host C${host.skip ? ` (skipped: ${host.reason})` : ''}`, () => {
  const b = new GraphBuilder(60);
  const x = b.input([2, 5, 3], 0.1, 4);
  const i = b.input([2], 0, 0, 'int32');
  const y = b.activation([2, 2, 3], 0.1, 4);
  b.node('GATHER', [x, i], [y], { axis: 1, batchDims: 0 });
  const graph = b.build('gather_runtime_indices', [y]);
  const params = Uint8Array.from({ length: 30 }, (_, k) => (k * 37 + 11) & 0xff);
  let build: HostBuild;

  beforeAll(async () => {
    build = await buildForHost(graph);
  }, 120_000);
  afterAll(() => rmSync(build.dir, { recursive: true, force: true }));

  it('matches the interpreter on in-range indices, including the last and a repeat', () => {
    for (const idx of [
      [4, 0],
      [2, 2],
    ]) {
      const inputs = [params, int32(idx)];
      const [got] = runHost(build, inputs, [12], `ok_${idx.join('_')}`);
      expect(got).toEqual(interpret(graph, inputs)[0]);
    }
  });

  it('returns an error status on an index outside the axis, as the interpreter refuses it', () => {
    for (const idx of [
      [5, 0],
      [0, -1],
      [0x7fffffff, 1],
    ]) {
      const inputs = [params, int32(idx)];
      expect(() => interpret(graph, inputs)).toThrow(/outside \[0, 5\)/);
      const ins = inputs.map((bytes, k) => {
        const p = join(build.dir, `bad_${idx.join('_')}_in${k}.bin`);
        writeFileSync(p, bytes);
        return p;
      });
      // The host driver returns without freeing its buffers on a failed invocation: leaks are not what is checked here.
      const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' };
      const r = spawnSync(build.exe, ['1', ...ins, join(build.dir, 'bad_out.bin')], { encoding: 'utf8', env });
      expect(r.stderr).toContain('invoke failed with status');
      expect(r.stderr).not.toMatch(/AddressSanitizer|runtime error/);
      expect(r.status, r.stderr).toBe(4);
    }
  });
});

// RSQRT of a negative real value: TFLite Micro refuses the invocation, and so must the C (its
// table has no entry for those inputs; the kernel stops before reading one).
describe.skipIf(host.skip)(`RSQRT below the input zero point, host C${host.skip ? ` (skipped: ${host.reason})` : ''}`, () => {
  const b = new GraphBuilder(65);
  const x = b.input([7], 0.25, 3);
  const y = b.activation([7], 1 / 32, -20);
  b.node('RSQRT', [x], [y], {});
  const graph = b.build('rsqrt_negative', [y]);
  let build: HostBuild;

  beforeAll(async () => {
    build = await buildForHost(graph);
  }, 120_000);
  afterAll(() => rmSync(build.dir, { recursive: true, force: true }));

  it('matches the interpreter at and above the zero point, and fails the invocation below it', () => {
    const good = Int8Array.of(3, 4, 7, 19, 67, 127, 3);
    const [got] = runHost(build, [new Uint8Array(good.buffer)], [7], 'rsqrt_ok');
    expect(got).toEqual(interpret(graph, [new Uint8Array(good.buffer)])[0]);
    const bad = new Uint8Array(Int8Array.of(3, 4, 2, 19, 67, 127, 3).buffer);
    expect(() => interpret(graph, [bad])).toThrow(/element 2 is 2, below the input zero point 3/);
    const p = join(build.dir, 'rsqrt_bad_in0.bin');
    writeFileSync(p, bad);
    const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' };
    const r = spawnSync(build.exe, ['1', p, join(build.dir, 'rsqrt_bad_out.bin')], { encoding: 'utf8', env });
    expect(r.stderr).toContain('invoke failed with status');
    expect(r.stderr).not.toMatch(/AddressSanitizer|runtime error/);
    expect(r.status, r.stderr).toBe(4);
  });
});
