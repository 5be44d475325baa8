import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { importModel } from '@anvil/core';
import { TfliteImporter } from '@anvil/importer-tflite';
import { interpret } from '@anvil/interp';
import { REPO_ROOT, describeShared, loadRefs } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

// The project lives inside the repository so the generated package resolves @anvil/* the way
// an installed one would (node_modules up the tree); it is loaded by package name only.
mkdirSync(join(REPO_ROOT, 'out'), { recursive: true });
const project = mkdtempSync(join(REPO_ROOT, 'out', 'plugin-new-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));
const pkgDir = join(project, 'node_modules', '@acme', 'anvil-npu-adder');

describeShared('anvil plugin new: a vendor accelerator plugin that works out of the box', (modelsDir) => {
  it('scaffolds a package that typechecks and passes its own test', () => {
    const r = runCli(['plugin', 'new', 'adder', '--scope', '@acme', '-o', pkgDir]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).name).toBe('@acme/anvil-npu-adder');
    const tsc = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', pkgDir], { encoding: 'utf8' });
    expect(tsc.status, tsc.stdout).toBe(0);
    const vitest = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', pkgDir], {
      encoding: 'utf8',
    });
    expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
    // A second scaffold into the same folder is refused, not merged.
    expect(runCli(['plugin', 'new', 'adder', '-o', pkgDir]).stderr).toMatch(/^anvil: CLI_OUTPUT_EXISTS/);
  });

  it('its regions run on the host (sanitized) byte-identical to the interpreter, the rest on the CPU', () => {
    const stem = 'pretrainedResnet_quant';
    const refs = loadRefs(modelsDir, stem);
    const graph = importModel([new TfliteImporter()], new Uint8Array(readFileSync(refs.modelPath)), `${stem}.tflite`);
    const run = refs.runs[0];
    if (run === undefined) throw new Error('no reference run');
    const input = join(project, 'in.bin');
    writeFileSync(input, run.inputs[0] as Uint8Array);
    const base = ['--project', project, '--plugin', '@acme/anvil-npu-adder'];
    const inspect = runCli([...base, 'inspect', refs.modelPath, '--npu', 'adder', '--json']);
    expect(inspect.status, inspect.stderr).toBe(0);
    const units = (JSON.parse(inspect.stdout) as { offload: { nodes: Array<{ op: string; unit: string }> } }).offload.nodes;
    // The accelerator only adds: exactly the ADD nodes run on it.
    expect(units.filter((n) => n.unit === 'npu').map((n) => n.op)).toEqual(graph.nodes.filter((n) => n.op === 'ADD').map(() => 'ADD'));
    const r = runCli([
      ...base,
      'run',
      refs.modelPath,
      '--npu',
      'adder',
      '--sanitize',
      '--input',
      input,
      '--output',
      join(project, 'out'),
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const backends = (JSON.parse(r.stdout) as { nodes: Array<{ backend: string }> }).nodes.map((n) => n.backend);
    expect(backends.filter((b) => b === 'adder')).toHaveLength(3);
    const got = new Uint8Array(readFileSync(join(project, 'out_0.bin')));
    expect(Buffer.from(got).equals(Buffer.from(interpret(graph, run.inputs)[0] as Uint8Array))).toBe(true);
    expect(Buffer.from(got).equals(Buffer.from(run.outputs[0] as Uint8Array))).toBe(true);
  });
});
