import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';
import { fullyConnected16x8 } from '@anvil/interp';
import type { FullyConnected16x8Params } from '@anvil/interp';
import { hostCompiler } from '@anvil/testing';
import { HOST_CFLAGS, SANITIZE_FLAGS, hostTarget } from '@anvil/target-host';

// The 16x8 FULLY_CONNECTED C kernel against the interpreter's, byte for byte, under ASan and
// UBSan, on deep rows of extreme values, int64 bias beyond 2^32, rounding ties, the 0x7FFF
// cap of the reduced multiplier and the clamp. The
// kernel is not lowered by codegen yet, so it is called directly from one driver for all cases.

interface Case {
  readonly title: string;
  readonly p: FullyConnected16x8Params;
  readonly input: Int16Array;
  readonly weights: Int8Array;
  readonly bias: BigInt64Array | undefined;
}

/** A small LCG so the cases are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

function randomCase(title: string, seed: number, p: FullyConnected16x8Params, extreme: boolean, withBias: boolean): Case {
  const next = lcg(seed);
  const i16 = () => (extreme ? (next() >>> 31 === 0 ? 32767 : -32768) : (next() >>> 16) - 32768);
  const i8 = () => (extreme ? (next() >>> 31 === 0 ? 127 : -128) : (next() >>> 24) - 128);
  const input = Int16Array.from({ length: p.batches * p.depth }, i16);
  const weights = Int8Array.from({ length: p.units * p.depth }, i8);
  const bias = withBias ? BigInt64Array.from({ length: p.units }, () => BigInt((next() >>> 12) - (1 << 19)) * 65537n) : undefined;
  return { title, p, input, weights, bias };
}

const base = { weightsOffset: 0, activationMin: -32768, activationMax: 32767 };
const CASES: readonly Case[] = [
  randomCase(
    'per-tensor, two batches, odd depth, int64 bias',
    1,
    { ...base, batches: 2, units: 3, depth: 7, outputMultipliers: [1518500250], outputShifts: [-22] },
    false,
    true,
  ),
  randomCase(
    'per-channel, multipliers at and past the 0x7FFF0000 cap',
    2,
    {
      ...base,
      batches: 1,
      units: 4,
      depth: 5,
      outputMultipliers: [0x7fff0000, 0x7fffffff, 0x7ffeffff, 1 << 30],
      outputShifts: [-10, -10, -10, -9],
    },
    false,
    false,
  ),
  randomCase(
    'deep rows of extreme values, no bias',
    3,
    { ...base, batches: 2, units: 2, depth: 1000, outputMultipliers: [1 << 30], outputShifts: [-14] },
    true,
    false,
  ),
  randomCase(
    'activation range narrower than int16, weights offset',
    4,
    {
      ...base,
      weightsOffset: 3,
      activationMin: -100,
      activationMax: 250,
      batches: 3,
      units: 2,
      depth: 4,
      outputMultipliers: [1 << 30],
      outputShifts: [-26],
    },
    false,
    true,
  ),
  {
    title: 'rounding ties on both signs',
    p: { ...base, batches: 1, units: 4, depth: 1, outputMultipliers: [1 << 30], outputShifts: [0] },
    input: Int16Array.of(1),
    weights: Int8Array.of(3, -3, -5, 5),
    bias: undefined,
  },
];

const list = (xs: ArrayLike<number | bigint>, suffix = '') => Array.from(xs, (v) => `${String(v)}${suffix}`).join(', ');

function driver(cases: readonly Case[]): string {
  const blocks = cases.map(({ p, input, weights, bias }, k) => {
    const mul = list(p.outputMultipliers);
    const sh = list(p.outputShifts);
    return `
  {
    static const int16_t x[] = {${list(input)}};
    static const int8_t w[] = {${list(weights)}};
    ${bias === undefined ? '' : `static const int64_t bias[] = {${list(bias, 'LL')}};`}
    static const int32_t mul[] = {${mul.replace(/(\d+)/g, '$1L')}};
    static const int8_t sh[] = {${sh}};
    static int16_t y[${p.batches * p.units}];
    anvil_fully_connected_s16x8_params_t p;
    p.batches = ${p.batches}; p.units = ${p.units}; p.depth = ${p.depth};
    p.weights_offset = ${p.weightsOffset}; p.act_min = ${p.activationMin}; p.act_max = ${p.activationMax};
    p.per_channel = ${p.outputMultipliers.length > 1 ? 1 : 0};
    p.weights = w; p.bias = ${bias === undefined ? 'NULL' : 'bias'}; p.multiplier = mul; p.shift = sh;
    if (anvil_fully_connected_s16x8(&p, x, y, NULL) != ANVIL_OK) return 1;
    dump(${k}, y, ${p.batches * p.units});
  }`;
  });
  return `#include <stdio.h>
#include "anvil_fully_connected_s16x8.h"
static void dump(int k, const int16_t *y, int n) {
  int i;
  printf("%d:", k);
  for (i = 0; i < n; ++i) printf(" %d", y[i]);
  printf("\\n");
}
int main(void) {${blocks.join('')}
  return 0;
}
`;
}

const host = hostCompiler();
const dir = mkdtempSync(join(tmpdir(), 'anvil-fc-s16x8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(host.skip)(
  `anvil_fully_connected_s16x8 vs the interpreter (host, ASan, UBSan)${host.skip ? ` (skipped: ${host.reason})` : ''}`,
  () => {
    let lines: Map<number, number[]> | undefined;
    function run(): Map<number, number[]> {
      if (lines !== undefined) return lines;
      writeFileSync(join(dir, 'driver.c'), driver(CASES));
      const exe = join(dir, 'driver');
      const kernels = join(RUNTIME_C_DIR, 'kernels');
      const cc = spawnSync(
        hostTarget.toolchain.cc,
        [
          ...HOST_CFLAGS,
          ...SANITIZE_FLAGS,
          `-I${join(RUNTIME_C_DIR, 'include')}`,
          `-I${kernels}`,
          join(dir, 'driver.c'),
          join(kernels, 'anvil_fully_connected_s16x8.c'),
          '-o',
          exe,
        ],
        { encoding: 'utf8' },
      );
      expect(cc.status, cc.stderr).toBe(0);
      const r = spawnSync(exe, [], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      lines = new Map(
        r.stdout
          .trim()
          .split('\n')
          .map((l) => {
            const [k, rest] = l.split(':');
            return [Number(k), (rest ?? '').trim().split(/\s+/).map(Number)];
          }),
      );
      return lines;
    }
    CASES.forEach((c, k) => {
      it(c.title, () => {
        const expected = Array.from(fullyConnected16x8(c.p, c.input, c.weights, c.bias));
        expect(run().get(k)).toEqual(expected);
      });
    });
  },
);
