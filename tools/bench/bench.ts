// Benchmark (not a test): per shared model, compile time, arena bytes, weight (flash) bytes,
// code bytes (`size` of the objects), and host time per inference of the generated C as a
// ratio against `anvil interp`, both measured in this run on the same input.
// Usage: npm run bench [-- --models kws_ref_model,vww_96_int8] [-- --iterations 50]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { importModel, tensorBytes } from '@anvil/core';
import type { Tensor } from '@anvil/core';
import { openAnvil, writeArtifact } from '@anvil/sdk';
import { interpret } from '@anvil/interp';
import { REPO_ROOT, sharedModels, tfliteModelsWithRefs, xorshiftBytes } from '@anvil/testing';
import { hostRunner, hostTarget } from '@anvil/target-host';
import { progress, progressDone } from './bench-progress.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const iterations = Number(opt('iterations') ?? 20);
const shared = sharedModels();
if (!shared.available) {
  console.error(shared.reason);
  process.exit(1);
}
const only = opt('models')?.split(',');
const stems = tfliteModelsWithRefs(shared.dir).filter((s) => s !== 'trained_lstm_int8' && (only === undefined || only.includes(s)));

function codeBytes(dir: string): { text: number; data: number } {
  const make = spawnSync('make', ['-C', dir, '-j2', 'CFLAGS=-std=c99 -O2'], { encoding: 'utf8' });
  if (make.status !== 0) throw new Error(make.stderr);
  // Every object make built (the model, its specialised kernels, the shared library kernels), weights aside.
  const objects = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.o') && !f.includes('weights'));
  const r = spawnSync('size', ['-t', ...objects.map((o) => join(dir, o))], { encoding: 'utf8' });
  const total = r.stdout.trim().split('\n').pop()?.trim().split(/\s+/) ?? [];
  return { text: Number(total[0]), data: Number(total[1]) };
}

const anvil = await openAnvil({ projectDir: REPO_ROOT });
const rows: string[][] = [];
for (const stem of stems) {
  progress(`${stem}: compiling, building and running ${iterations} inference(s) on the host, then the interpreter`);
  const path = join(shared.dir, `${stem}.tflite`);
  const graph = importModel(anvil.services().importers, new Uint8Array(readFileSync(path)), basename(path));
  const t0 = performance.now();
  const compiled = anvil.emit(anvil.compile(graph, { target: 'host', planner: 'greedy-by-size' }));
  const compileMs = performance.now() - t0;
  const dir = mkdtempSync(join(tmpdir(), `bench-${stem}-`));
  writeArtifact(dir, compiled.files, true);
  const code = codeBytes(dir);
  const inputs = graph.inputs.map((id, k) => xorshiftBytes(1 + k, tensorBytes(graph.tensors[id] as Tensor)));
  const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
  const result = await hostRunner.run({ artifactDir: dir, model: compiled.name, target: hostTarget, inputs, outputBytes, iterations });
  interpret(graph, inputs); // warm the JIT before timing
  const i0 = performance.now();
  const interpIterations = Math.max(3, Math.round(iterations / 10));
  for (let i = 0; i < interpIterations; i++) interpret(graph, inputs);
  const interpNs = ((performance.now() - i0) * 1e6) / interpIterations;
  const cNs = result.cost?.value ?? NaN;
  rows.push([
    stem,
    compileMs.toFixed(0),
    String(compiled.report.arenaBytes),
    String(compiled.report.lowerBound),
    String(compiled.report.weightBytes),
    String(code.text),
    (cNs / 1000).toFixed(1),
    (interpNs / 1000).toFixed(1),
    (interpNs / cNs).toFixed(1),
  ]);
  rmSync(dir, { recursive: true, force: true });
}
progressDone();
const header = ['model', 'compile ms', 'arena B', 'bound B', 'weights B', 'code B (text)', 'C µs/inf', 'interp µs/inf', 'interp/C'];
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
const line = (r: readonly string[]): string =>
  r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
console.log(`host ${hostTarget.toolchain.cc} ${hostTarget.toolchain.cflags.join(' ')}; ${iterations} C iterations per model`);
console.log(line(header));
for (const r of rows) console.log(line(r));
