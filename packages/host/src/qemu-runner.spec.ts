import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callSteps, footprintOf } from './qemu-runner.js';
import { stepCosts } from './run-firmware.js';

const dir = mkdtempSync(join(tmpdir(), 'anvil-qemu-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profile and footprint bookkeeping', () => {
  it('maps kernel calls to the steps that make them (views make none)', () => {
    writeFileSync(
      join(dir, 'report.json'),
      JSON.stringify({ nodes: [{ step: 0, function: 'a' }, { step: 1 }, { step: 2, function: 'c' }] }),
    );
    const steps = callSteps(dir);
    expect(steps).toEqual([0, 2]);
    expect(stepCosts([100, 250], steps)).toEqual([
      { step: 0, value: 100 },
      { step: 2, value: 250 },
    ]);
  });

  it('counts flash as code + rodata + exidx + .data initialisers, RAM as .data + .bss + .noinit + stack', () => {
    const fw = {
      elf: 'x.elf',
      buildDir: dir,
      sled: 0x1000,
      modelText: 900,
      modelData: 10,
      modelBss: 0,
      sections: { '.text': 1000, '.ARM.exidx': 8, '.rodata': 200, '.data': 16, '.bss': 5000, '.noinit': 36 },
    };
    expect(footprintOf(fw, 4096, 300)).toEqual({
      flashBytes: 1000 + 8 + 200 + 16,
      modelFlashBytes: 910,
      ramBytes: 16 + 5000 + 36 + 300,
      arenaBytes: 4096,
      stackBytes: 300,
    });
  });
});
