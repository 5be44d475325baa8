import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnvilError } from '@anvil/core';
import { hostRunner } from './host-runner.js';
import { hostTarget } from './host-target.js';

// A hand-written stand-in for a compiled model folder (same header contract as codegen-c's):
// output 0 is input 0 plus one, byte-wise; output 1 is the sum of input 1's bytes.
const dir = mkdtempSync(join(tmpdir(), 'anvil-host-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeFakeModel(): void {
  mkdirSync(join(dir, 'runtime', 'include', 'anvil'), { recursive: true });
  writeFileSync(join(dir, 'runtime', 'include', 'anvil', 'compiler.h'), '#define ANVIL_ALIGNED(n) __attribute__((aligned(n)))\n');
  writeFileSync(
    join(dir, 'fake.h'),
    `#include <stdint.h>
typedef int32_t anvil_status_t;
#define ANVIL_OK 0
#define ANVIL_FAKE_ARENA_BYTES 16
#define ANVIL_FAKE_ARENA_ALIGN 16
#define ANVIL_FAKE_NUM_INPUTS 2
#define ANVIL_FAKE_NUM_OUTPUTS 2
#define ANVIL_FAKE_INPUT_SIZES 4, 3
#define ANVIL_FAKE_OUTPUT_SIZES 4, 1
anvil_status_t anvil_fake_invoke(void *arena, const void *const inputs[], void *const outputs[]);
`,
  );
  writeFileSync(
    join(dir, 'fake.c'),
    `#include "fake.h"
anvil_status_t anvil_fake_invoke(void *arena, const void *const inputs[], void *const outputs[]) {
  const uint8_t *a = (const uint8_t *)inputs[0];
  const uint8_t *b = (const uint8_t *)inputs[1];
  uint8_t *y = (uint8_t *)outputs[0];
  int i;
  (void)arena;
  for (i = 0; i < 4; ++i) y[i] = (uint8_t)(a[i] + 1);
  ((uint8_t *)outputs[1])[0] = (uint8_t)(b[0] + b[1] + b[2]);
  return ANVIL_OK;
}
`,
  );
}

describe('host runner', () => {
  it('builds the folder with the driver, feeds raw inputs and reads raw outputs', async () => {
    writeFakeModel();
    const result = await hostRunner.run({
      artifactDir: dir,
      model: 'fake',
      target: hostTarget,
      inputs: [Uint8Array.from([1, 2, 3, 255]), Uint8Array.from([10, 20, 30])],
      outputBytes: [4, 1],
      sanitize: true,
      iterations: 3,
    });
    expect([...(result.outputs[0] ?? [])]).toEqual([2, 3, 4, 0]);
    expect([...(result.outputs[1] ?? [])]).toEqual([60]);
    expect(result.cost?.unit).toBe('ns');
  });

  it('reports a build failure as TOOLCHAIN_FAILED with the compiler message', async () => {
    writeFileSync(join(dir, 'fake.c'), 'this is not C\n');
    const run = hostRunner.run({ artifactDir: dir, model: 'fake', target: hostTarget, inputs: [], outputBytes: [] });
    await expect(run).rejects.toBeInstanceOf(AnvilError);
    await expect(run).rejects.toMatchObject({ code: 'TOOLCHAIN_FAILED' });
  });

  it('reports a missing compiler as TOOLCHAIN_MISSING with the packages to install', async () => {
    const target = { ...hostTarget, toolchain: { ...hostTarget.toolchain, cc: 'no-such-cc-anvil' } };
    await expect(hostRunner.run({ artifactDir: dir, model: 'fake', target, inputs: [], outputBytes: [] })).rejects.toMatchObject({
      code: 'TOOLCHAIN_MISSING',
    });
  });
});
