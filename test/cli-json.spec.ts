import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@anvil/testing';
import { runCli, runCliAsync } from './support/run-cli.js';
import type { CliResult } from './support/run-cli.js';

// Every `--json` document through the real executable: the schema and Anvil versions first,
// `model` and `outputs` in one shape across commands, and errors as JSON on stdout with the
// exit code they have without --json.

const work = mkdtempSync(join(tmpdir(), 'anvil-json-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');
const input = join(work, 'in.bin');
writeFileSync(
  input,
  Uint8Array.from({ length: 490 }, (_, i) => (i * 29 + 3) & 0xff),
);
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string }).version;

interface Envelope {
  schemaVersion: number;
  anvilVersion: string;
  model?: { path: string; name: string };
  outputs?: Array<{ index: number; name: string; dtype: string; shape: number[]; bytes: number; file?: string }>;
  error?: { code: string; message: string; hint: string };
  files?: string[];
}

/** A --json run: the document on stdout, nothing on stderr. */
function document(r: CliResult, status = 0): Envelope {
  expect(r.status, r.stderr || r.stdout).toBe(status);
  expect(r.stderr).toBe('');
  const doc = JSON.parse(r.stdout) as Envelope;
  expect(doc.schemaVersion).toBe(1);
  expect(doc.anvilVersion).toBe(version);
  return doc;
}

describe('--json documents', () => {
  it('inspect, interp, compile, run and plan: versions, the model by path and name, outputs as objects', async () => {
    mkdirSync(join(work, 'o'));
    const [inspect, interp, compile, run, plan] = await Promise.all([
      runCliAsync(['inspect', model, '--json']),
      runCliAsync(['interp', model, '--input', input, '--output', join(work, 'o', 'interp'), '--json']),
      runCliAsync(['compile', model, '-o', join(work, 'c'), '--json']),
      runCliAsync(['run', model, '--input', input, '--output', join(work, 'o', 'run'), '--json']),
      runCliAsync(['plan', model, '--planners', 'greedy-by-size', '--json', '--html', join(work, 'plan.html')]),
    ]);
    const docs = [inspect, interp, compile, run, plan].map((r) => document(r));
    for (const d of docs) expect(d.model).toEqual({ path: model, name: 'kws_ref_model' });

    const [i, p, c, r, pl] = docs as [Envelope, Envelope, Envelope, Envelope, Envelope];
    const output = { index: 0, dtype: 'int8', shape: [1, 12], bytes: 12 };
    expect(i.outputs?.[0]).toMatchObject(output);
    expect(p.outputs).toEqual([{ ...output, name: i.outputs?.[0]?.name, file: join(work, 'o', 'interp_0.bin') }]);
    expect(r.outputs).toEqual([{ ...output, name: i.outputs?.[0]?.name, file: join(work, 'o', 'run_0.bin') }]);
    // The run and the interpreter agree, and each wrote the file its report names.
    expect(readFileSync(join(work, 'o', 'run_0.bin'))).toEqual(readFileSync(join(work, 'o', 'interp_0.bin')));
    expect(c).toMatchObject({ outputDir: join(work, 'c'), target: 'host' });
    expect(c.files).toContain('kws_ref_model.c');
    expect(r).toMatchObject({ runner: 'host-process', cost: { unit: 'ns' } });
    expect(pl).toMatchObject({ htmlFile: join(work, 'plan.html'), planners: [{ planner: 'greedy-by-size' }] });
  });

  it('an error is a JSON object on stdout with code, message and hint, and the exit code it has without --json', async () => {
    writeFileSync(join(work, 'a-file'), 'mine');
    const cases: Array<{ args: string[]; code: string; status: number }> = [
      { args: ['compile', model, '-o', join(work, 'a-file')], code: 'CLI_OUTPUT_INVALID', status: 1 },
      { args: ['inspect', join(work, 'missing.tflite')], code: 'MODEL_UNREADABLE', status: 1 },
      { args: ['tune', model, '--target', 'cortex-m4', '-o', work], code: 'CLI_OUTPUT_INVALID', status: 1 },
      { args: ['compile', model], code: 'CLI_USAGE', status: 2 },
    ];
    const runs = await Promise.all(cases.flatMap((c) => [runCliAsync([...c.args, '--json']), runCliAsync(c.args)]));
    cases.forEach((c, k) => {
      const json = runs[2 * k] as CliResult;
      const plain = runs[2 * k + 1] as CliResult;
      const d = document(json, c.status);
      expect(Object.keys(d)).toEqual(['schemaVersion', 'anvilVersion', 'error']);
      expect(d.error?.code, json.stdout).toBe(c.code);
      expect(d.error?.message.length).toBeGreaterThan(0);
      expect(d.error?.hint.length).toBeGreaterThan(0);
      expect(plain.status).toBe(c.status);
      expect(plain.stdout).toBe('');
      if (c.status === 1) expect(plain.stderr).toBe(`anvil: ${c.code}: ${d.error?.message} — ${d.error?.hint}\n`);
    });
    expect(readFileSync(join(work, 'a-file'), 'utf8')).toBe('mine');
  });

  it('plan --json with a budget no plan fits: the report, and exit 1', () => {
    const d = document(runCli(['plan', model, '--planners', 'greedy-by-size', '--sram', '100', '--json']), 1) as Envelope & {
      budget: number;
      planners: Array<{ fits: boolean }>;
    };
    expect(d.budget).toBe(100);
    expect(d.planners.map((p) => p.fits)).toEqual([false]);
  });
});
