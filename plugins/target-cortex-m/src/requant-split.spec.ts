import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';

// The SIMD kernels requantize with anvil_mbqm_split; it must equal the reference anvil_mbqm for
// every accumulator and shift the kernels can see (multipliers in [2^30, 2^31), as quantized).
// Where every shift is a right shift they use anvil_mbqm_right, which must equal the split form
// for every accumulator, any multiplier >= 0 and right shifts 1 to 31.
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
    }
  }
  printf("%ld\\n", bad);
  return 0;
}
`;

const gcc = spawnSync('gcc', ['--version']);

describe.skipIf(gcc.status !== 0 && process.env['CI'] !== 'true')('anvil_mbqm_split and anvil_mbqm_right', () => {
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
