import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qemuToolchain } from '@anvil/host';
import { REPO_ROOT } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

// The CLI's manners through the real executable: --version, options that cannot apply
// refused before any work, standard input as an input, and Anvil's own earlier outputs and
// build folders (relative ones too) reused without --force.

const work = mkdtempSync(join(tmpdir(), 'anvil-manners-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');
const input = join(work, 'in.bin');
const bytes = Uint8Array.from({ length: 490 }, (_, i) => (i * 37 + 5) & 0xff);
writeFileSync(input, bytes);
const toolchain = qemuToolchain();

function usageError(r: { status: number; stderr: string }, says: string): void {
  expect(r.status, r.stderr).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^anvil: CLI_BAD_ARGUMENT: /);
  expect(lines[0]).toContain(says);
}

describe('CLI manners', () => {
  it('--version prints the version of the anvil package', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string };
    const r = runCli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('--board and --profile on the host target are usage errors, before anything is compiled', () => {
    const dir = join(work, 'never');
    usageError(
      runCli([
        'run',
        model,
        '--target',
        'host',
        '--board',
        'qemu-mps2-an386',
        '--input',
        input,
        '--output',
        join(work, 'o'),
        '--build-dir',
        dir,
      ]),
      '--board',
    );
    usageError(
      runCli(['run', model, '--target', 'host', '--profile', '--input', input, '--output', join(work, 'o'), '--build-dir', dir]),
      '--profile',
    );
    usageError(
      runCli(['run', model, '--target', 'cortex-m4', '--board', 'qemu-mps3-an547', '--input', input, '--output', join(work, 'o')]),
      'boards for cortex-m4',
    );
    expect(() => readFileSync(join(dir, 'report.json'))).toThrow();
  });

  it('--input - reads standard input, once', () => {
    expect(runCli(['interp', model, '--input', input, '--output', join(work, 'file')]).status).toBe(0);
    const r = runCli(['interp', model, '--input', '-', '--output', join(work, 'stdin')], REPO_ROOT, bytes);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(work, 'stdin_0.bin'))).toEqual(readFileSync(join(work, 'file_0.bin')));
    usageError(runCli(['interp', model, '--input', '-,-', '--output', join(work, 'twice')], REPO_ROOT, bytes), 'more than once');
    const short = runCli(['interp', model, '--input', '-', '--output', join(work, 'short')], REPO_ROOT, bytes.slice(0, 10));
    expect(short.stderr).toMatch(/^anvil: INPUT_SIZE_MISMATCH: /);
  });

  it.skipIf(!toolchain.available)(`run reuses its own outputs and a relative --build-dir on a board ${toolchain.reason}`, () => {
    const args = ['run', model, '--target', 'cortex-m4', '--input', input, '--output', 'out', '--build-dir', 'build'];
    const first = runCli(args, work);
    expect(first.status, first.stderr).toBe(0);
    const again = runCli(args, work);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(work, 'out_0.bin'))).toEqual(readFileSync(join(work, 'file_0.bin')));
  });
});
