import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from '@anvil/testing';

// The root README's programmatic example, run exactly as printed: a user's first script.
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const script = /```js api-example\n([\s\S]*?)```/.exec(readme)?.[1];
// Inside the repository, so `@anvil/sdk` resolves as it would from a user's project.
const dir = mkdtempSync(join(REPO_ROOT, 'test', '.api-example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the README script compiles the demo model with ilp and reads the plan', () => {
  expect(script, 'README has a ```js api-example block').toBeDefined();
  expect((script ?? '').trim().split('\n').length).toBeLessThanOrEqual(12);
  const file = join(dir, 'script.mjs');
  writeFileSync(file, script ?? '');
  // Plain node, as the README says: the packages are compiled JavaScript.
  const r = spawnSync(process.execPath, [file], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  // kws on the M4: one arena at its lower bound, proven optimal; the convolutions on the DSP kernels.
  const arena = /^sram: (\d+) bytes$/m.exec(r.stdout);
  const bound = /^lower bound (\d+) bytes, optimal: true$/m.exec(r.stdout);
  expect(arena?.[1]).toBeDefined();
  expect(arena?.[1]).toBe(bound?.[1]);
  expect(r.stdout).toMatch(/^CONV_2D → cortex-m-dsp$/m);
  expect(r.stdout).toMatch(/^SOFTMAX → portable-c$/m);
  expect(r.stdout).toMatch(/^\d+ files$/m);
});
