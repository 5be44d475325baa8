import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';
import { dspRequantForm, mveRequantForm } from './requant.js';

// The SIMD kernels requantize with anvil_mbqm_split; it must equal the reference anvil_mbqm for
// every accumulator and shift the kernels can see (multipliers in [2^30, 2^31), as quantized).
// Where every shift is a right shift they use anvil_mbqm_right, which must equal the split form
// for every accumulator, any multiplier >= 0 and right shifts 1 to 31. Where no shift is left
// (single-rounding graphs' small multipliers) they use anvil_mbqm_noshift, which must equal
// anvil_mbqm with shift 0 for any multiplier >= 0, not only the normalised ones.
const PROGRAM = `
#include <stdio.h>
#include "anvil/internal/fixedpoint.h"
static uint64_t s = 88172645463325252ull;
static uint32_t next(void) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return (uint32_t)s; }
int main(void) {
  long bad = 0, i;
  for (i = 0; i < 4000000; ++i) {
    int32_t x = (int32_t)next();
    const int32_t m = (int32_t)((next() | 0x40000000u) & 0x7fffffffu);
    const int shift = (int)(next() % 43) - 31;
    int left, right;
    if (i % 4 == 0) x = (int32_t)(next() % 200001) - 100000;
    if (i % 7 == 0) x = INT32_MIN;
    left = shift > 11 ? 11 : (shift > 0 ? shift : 0);
    right = shift > 0 ? 0 : -shift;
    if (anvil_mbqm(x, m, left > 0 ? left : -right) != anvil_mbqm_split(x, m, left, right)) ++bad;
    {
      const int r = 1 + (int)(next() % 31);
      const int32_t any = i % 5 == 0 ? (int32_t)(next() & 0x7fffffffu) : m;
      const int32_t y = i % 11 == 0 ? INT32_MAX : (i % 13 == 0 ? -1 : x);
      if (anvil_mbqm_right(y, any, r) != anvil_mbqm_split(y, any, 0, r)) ++bad;
      if (anvil_mbqm_noshift(y, any) != anvil_mbqm(y, any, 0)) ++bad;
    }
  }
  printf("%ld\\n", bad);
  return 0;
}
`;

const gcc = spawnSync('gcc', ['--version']);

describe.skipIf(gcc.status !== 0 && process.env['CI'] !== 'true')('anvil_mbqm_split, anvil_mbqm_right and anvil_mbqm_noshift', () => {
  it('equal anvil_mbqm on 4 million random accumulators, multipliers and shifts (under UBSan)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anvil-mbqm-'));
    writeFileSync(join(dir, 't.c'), PROGRAM);
    const build = spawnSync(
      'gcc',
      [
        '-std=c99',
        '-O2',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-fsanitize=undefined',
        '-fno-sanitize-recover=all',
        `-I${join(RUNTIME_C_DIR, 'include')}`,
        join(dir, 't.c'),
        '-o',
        join(dir, 't'),
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(build.status, build.stderr).toBe(0);
    const run = spawnSync(join(dir, 't'), { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('0');
  });
});

describe('dspRequantForm', () => {
  it('picks the no-shift form only when every shift is 0, the right-only one for shifts of 1..31, else the split one', () => {
    expect(dspRequantForm([21474836, 5], [0, 0])).toBe(2);
    expect(dspRequantForm([1 << 30, 1 << 30], [-1, -31])).toBe(1);
    expect(dspRequantForm([1 << 30, 1 << 30], [0, -3])).toBe(0);
    expect(dspRequantForm([1 << 30], [2])).toBe(0);
    // A negative multiplier has none of the short forms.
    expect(dspRequantForm([-5], [0])).toBe(0);
  });
});

describe('mveRequantForm', () => {
  it('picks VQRDMULH alone when no shift is left, the right-only form when every shift is right, else the full one', () => {
    expect(mveRequantForm([0, 0])).toBe(2);
    expect(mveRequantForm([-1, -31])).toBe(1);
    expect(mveRequantForm([0, -1])).toBe(0);
    expect(mveRequantForm([3])).toBe(0);
  });
});
