import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, describeShared, loadRefs, tfliteModelsWithRefs } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'anvil-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectOneLineError(r: { status: number; stderr: string }, code: string): void {
  expect(r.status).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^anvil: ${code}: `));
}

describe('anvil on the shipped demo model (works without ../shared)', () => {
  const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');

  it('inspect prints the per-operator table and totals', () => {
    const r = runCli(['inspect', model]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('model kws_ref_model: 13 operators');
    expect(r.stdout).toMatch(/CONV_2D\s+1×49×10×1, 64×10×4×1, 64\s+1×25×5×64\s+320,000/);
    expect(r.stdout).toMatch(/total\s+2,664,768/);
  });

  it('inspect --json gives the same figures as data', () => {
    const r = runCli(['inspect', model, '--json']);
    expect(r.status).toBe(0);
    const stats = JSON.parse(r.stdout) as {
      nodes: Array<{ op: string; macs: number }>;
      totals: { macs: number };
      inputs: Array<{ shape: number[] }>;
    };
    expect(stats.nodes).toHaveLength(13);
    expect(stats.inputs[0]?.shape).toEqual([1, 49, 10, 1]);
    // DS-CNN on 25×5×64 maps: conv 10×4 over 1 channel, 4 × (depthwise 3×3 + pointwise 64→64),
    // average pool 25×5 over 64 channels, FC 64→12.
    const map = 25 * 5 * 64;
    expect(stats.totals.macs).toBe(map * 40 + 4 * (map * 9 + map * 64) + 64 * 25 * 5 + 64 * 12);
  });

  it('interp writes one raw file per output, replaces its own output, and refuses a file the user changed without --force', () => {
    const input = join(work, 'demo_in.bin');
    writeFileSync(input, new Uint8Array(490));
    const prefix = join(work, 'demo_out');
    expect(runCli(['interp', model, '--input', input, '--output', prefix]).status).toBe(0);
    expect(readFileSync(`${prefix}_0.bin`)).toHaveLength(12);
    // Anvil's own earlier output, unchanged: replaced without asking (its hash is in .anvil-outputs.json).
    expect(runCli(['interp', model, '--input', input, '--output', prefix]).status).toBe(0);
    writeFileSync(`${prefix}_0.bin`, 'my notes');
    expectOneLineError(runCli(['interp', model, '--input', input, '--output', prefix]), 'CLI_OUTPUT_EXISTS');
    expect(readFileSync(`${prefix}_0.bin`, 'utf8')).toBe('my notes');
    expect(runCli(['interp', model, '--input', input, '--output', prefix, '--force']).status).toBe(0);
  });

  it('bad inputs give one-line typed errors and a non-zero exit', () => {
    const input = join(work, 'short.bin');
    writeFileSync(input, new Uint8Array(10));
    expectOneLineError(runCli(['interp', model, '--input', input, '--output', join(work, 'x')]), 'INPUT_SIZE_MISMATCH');
    expectOneLineError(runCli(['interp', model, '--input', `${input},${input}`, '--output', join(work, 'x')]), 'INPUT_COUNT_MISMATCH');
    expectOneLineError(runCli(['interp', model, '--input', join(work, 'nope.bin'), '--output', join(work, 'x')]), 'INPUT_FILE_UNREADABLE');
    expectOneLineError(runCli(['inspect', join(work, 'missing.tflite')]), 'MODEL_UNREADABLE');
    const junk = join(work, 'junk.tflite');
    writeFileSync(
      junk,
      Uint8Array.from({ length: 600 }, (_, i) => (i * 37) & 0xff),
    );
    expect(runCli(['inspect', junk]).status).toBe(1);
    expect(existsSync(join(work, 'x_0.bin'))).toBe(false);
  });

  it('asking a QEMU board for sanitizers is refused, not ignored', () => {
    const input = join(work, 'zeros.bin');
    writeFileSync(input, new Uint8Array(490));
    expectOneLineError(
      runCli(['run', model, '--target', 'cortex-m4', '--sanitize', '--input', input, '--output', join(work, 'm4')]),
      'CLI_BAD_ARGUMENT',
    );
  });

  it('--code-size chooses shared or specialised kernels, says so in the summary and report.json, and all three agree with the interpreter', () => {
    const input = join(work, 'code_size_in.bin');
    writeFileSync(
      input,
      Uint8Array.from({ length: 490 }, (_, i) => (i * 73 + 11) & 0xff),
    );
    expect(runCli(['interp', model, '--input', input, '--output', join(work, 'code_size_ref')]).status).toBe(0);
    const want = readFileSync(join(work, 'code_size_ref_0.bin'));
    type Code = {
      codeSize: string;
      specialisedFunctions: number;
      specialisedCalls: number;
      sharedCalls: number;
      sharedKernels: string[];
      tableBytes: number;
    };
    const codes = new Map<string, Code>();
    for (const size of ['small', 'balanced', 'fast']) {
      const dir = join(work, `code_size_${size}`);
      mkdirSync(dir);
      const r = runCli([
        'run',
        model,
        '--target',
        'host',
        '--code-size',
        size,
        '--input',
        input,
        '--output',
        join(dir, 'out'),
        '--build-dir',
        join(dir, 'build'),
      ]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`code size ${size}: \\d+ specialised function`));
      expect(readFileSync(join(dir, 'out_0.bin')), size).toEqual(want);
      const report = JSON.parse(readFileSync(join(dir, 'build', 'report.json'), 'utf8')) as {
        code: Code;
        nodes: Array<{ kernel?: string; instance?: string }>;
      };
      codes.set(size, report.code);
      // Every kernel call names its library kernel and how it is instantiated.
      for (const n of report.nodes.filter((x) => x.kernel !== undefined)) expect(['specialised', 'shared']).toContain(n.instance);
    }
    const [small, balanced, fast] = ['small', 'balanced', 'fast'].map((s) => codes.get(s) as Code);
    expect(small?.specialisedFunctions).toBe(0);
    expect(small?.sharedKernels).toContain('anvil_conv2d_s8');
    expect(fast?.sharedCalls).toBe(0);
    // The four pointwise layers of kws have one structure: one specialised function serves them.
    expect(fast?.specialisedFunctions).toBeLessThan(fast?.specialisedCalls ?? 0);
    // On kws the light calls are one per kernel: balanced specialises them rather than pay a shared instance each.
    expect(balanced?.specialisedCalls).toBeGreaterThan(0);
    expect((balanced?.specialisedCalls ?? 0) + (balanced?.sharedCalls ?? 0)).toBe(fast?.specialisedCalls);
    expect(new Set([small?.tableBytes, balanced?.tableBytes, fast?.tableBytes]).size).toBe(1);
    expectOneLineError(runCli(['compile', model, '--code-size', 'tiny', '-o', join(work, 'tiny')]), 'CLI_BAD_ARGUMENT');
  });

  it('a usage error exits 2', () => {
    expect(runCli(['interp', model]).status).toBe(2);
  });
});

describeShared(`anvil on every shared model`, (modelsDir) => {
  for (const stem of tfliteModelsWithRefs(modelsDir)) {
    const model = join(modelsDir, `${stem}.tflite`);
    it(`${stem}: inspect --json and interp (seed 1) match the TFLite Micro reference output`, () => {
      const r = runCli(['inspect', model, '--json']);
      expect(r.status).toBe(0);
      expect((JSON.parse(r.stdout) as { nodes: unknown[] }).nodes.length).toBeGreaterThan(0);
      const refs = loadRefs(modelsDir, stem);
      const run = refs.runs[0]!;
      const dir = join(modelsDir, 'refs', stem);
      const inputs = run.inputs.map((_, k) => join(dir, `in${run.seed}_${k}.bin`)).join(',');
      const prefix = join(work, stem);
      const i = runCli(['interp', model, '--input', inputs, '--output', prefix]);
      expect(i.stderr).toBe('');
      expect(i.status).toBe(0);
      run.outputs.forEach((expected, k) => {
        expect(Buffer.compare(readFileSync(`${prefix}_${k}.bin`), expected)).toBe(0);
      });
    });
  }
});
