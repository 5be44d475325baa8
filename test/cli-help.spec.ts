import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@anvil/testing';
import { runCliAsync } from './support/run-cli.js';
import type { CliResult } from './support/run-cli.js';

// The CLI's manners, continued: each command's --help lists the values the loaded plugins
// allow and an example; output paths that cannot be written are typed errors before any work;
// `plan --sram` fails (exit 1) when no plan fits, so a CI budget check can fail.

const work = mkdtempSync(join(tmpdir(), 'anvil-help-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');
const input = join(work, 'in.bin');
writeFileSync(input, new Uint8Array(490));

/** The part of a help page after its options. */
const after = (r: CliResult): string => {
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.slice(r.stdout.indexOf('-h, --help'));
};

/** Exit 1 with one line `anvil: CODE: message — hint`, never INTERNAL. */
function userError(r: CliResult, code: string, says: string): void {
  expect(r.status, r.stderr).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^anvil: ${code}: .+ — .+`));
  expect(lines[0]).toContain(says);
}

describe('--help', () => {
  it('lists the allowed targets, boards, planners and NPU configurations, and an example, for every command', async () => {
    const names = ['inspect', 'interp', 'plan', 'compile', 'run', 'tune', 'project', 'flash-image', 'plugin new'];
    const pages = await Promise.all(names.map((n) => runCliAsync([...n.split(' '), '--help'])));
    const page = new Map(names.map((n, k) => [n, after(pages[k] as CliResult)]));
    for (const [name, text] of page) expect(text, name).toMatch(/\nExamples?:\n {2}\$ anvil /);
    const line = (name: string, option: string): string => {
      const found = (page.get(name) ?? '').split('\n').find((l) => l.trimStart().startsWith(`${option} `));
      expect(found, `${name} ${option}`).toBeDefined();
      return found ?? '';
    };
    for (const name of ['plan', 'compile', 'run', 'tune', 'project', 'flash-image']) {
      expect(line(name, '--target')).toContain('host');
      expect(line(name, '--target')).toContain('cortex-m4');
      expect(line(name, '--target')).toContain('cortex-m55');
    }
    for (const name of ['compile', 'run', 'tune']) expect(line(name, '--planner')).toMatch(/greedy-by-size.*ilp.*auto/);
    expect(line('plan', '--planners')).toMatch(/^ *--planners +all, or any of: .*ilp.*auto/);
    for (const name of ['inspect', 'plan', 'compile', 'run']) expect(line(name, '--npu')).toContain('ethos-u55-128');
    // Boards, per target: the M4's and the M55's.
    for (const name of ['run', 'tune', 'project', 'flash-image']) {
      expect(page.get(name)).toMatch(/cortex-m4: .*qemu-mps2-an386/);
      expect(page.get(name)).toMatch(/cortex-m55: .*qemu-mps3-an547/);
    }
    // No list for an option the command does not have.
    expect(page.get('compile')).not.toMatch(/^ *--board /m);
    expect(page.get('interp')).not.toContain('Allowed values');
  });
});

describe('output paths that cannot be written: typed errors before any work', () => {
  it('compile -o, --html, --output and tune -o', async () => {
    writeFileSync(join(work, 'a-file'), 'mine');
    mkdirSync(join(work, 'a-folder'));
    const missing = join(work, 'missing');
    // As root a folder's permissions do not stop a write; /proc refuses everyone.
    const unwritable = process.platform === 'linux' ? '/proc/anvil-never' : '/anvil-never';
    const [file, underFile, made, locked, htmlMissing, htmlFolder, interpMissing, runMissing, tuneFolder] = await Promise.all([
      runCliAsync(['compile', model, '-o', join(work, 'a-file')]),
      runCliAsync(['compile', model, '-o', join(work, 'a-file', 'out')]),
      // Missing folders on the way to an output folder are made, as mkdir -p would.
      runCliAsync(['compile', model, '-o', join(work, 'made', 'deeper', 'out')]),
      runCliAsync(['compile', model, '-o', unwritable]),
      runCliAsync(['plan', model, '--html', join(missing, 'plan.html')]),
      runCliAsync(['plan', model, '--html', join(work, 'a-folder')]),
      runCliAsync(['interp', model, '--input', input, '--output', join(missing, 'out')]),
      runCliAsync(['run', model, '--input', input, '--output', join(missing, 'out')]),
      runCliAsync(['tune', model, '--target', 'cortex-m4', '-o', join(work, 'a-folder')]),
    ]);
    userError(file, 'CLI_OUTPUT_INVALID', 'it is a file');
    userError(underFile, 'CLI_OUTPUT_INVALID', `${join(work, 'a-file')} is a file`);
    expect(made.status, made.stderr).toBe(0);
    expect(existsSync(join(work, 'made', 'deeper', 'out', 'kws_ref_model.h'))).toBe(true);
    userError(locked, 'CLI_OUTPUT_UNWRITABLE', unwritable);
    userError(htmlMissing, 'CLI_OUTPUT_INVALID', 'does not exist');
    userError(htmlFolder, 'CLI_OUTPUT_INVALID', 'it is a folder');
    userError(interpMissing, 'CLI_OUTPUT_INVALID', 'does not exist');
    userError(runMissing, 'CLI_OUTPUT_INVALID', 'does not exist');
    userError(tuneFolder, 'CLI_OUTPUT_INVALID', 'it is a folder');
    // Nothing was created on the way, and the user's file and folder are as they were.
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(work).sort()).toEqual(['a-file', 'a-folder', 'in.bin', 'made']);
    expect(readdirSync(join(work, 'a-folder'))).toEqual([]);
  });
});

describe('plan --sram: a budget check that can fail', () => {
  it('exits 1, still printing its table, when no plan fits; 0 when one does', async () => {
    const [none, fits] = await Promise.all([
      // --no-patch: the model as it is (patch stages would fit 15 KiB; test/patch-stages.spec.ts covers them).
      runCliAsync(['plan', model, '--planners', 'greedy-by-size,hill-climb', '--sram', '15KiB', '--no-patch']),
      runCliAsync(['plan', model, '--planners', 'greedy-by-size,hill-climb', '--sram', '16000', '--no-patch']),
    ]);
    expect(none.status, none.stderr).toBe(1);
    expect(none.stdout).toMatch(/^greedy-by-size +/m);
    expect(none.stdout).toContain('no plan fits 15,360 B');
    expect(fits.status, fits.stderr).toBe(0);
    expect(fits.stdout).toMatch(/^greedy-by-size +.*\byes\b/m);
  });
});
