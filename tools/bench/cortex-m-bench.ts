// Benchmark (not a test): per shared model and QEMU board, the exact instructions per
// inference with the Cortex-M SIMD kernels (default, and tuned by `anvil tune`'s search in
// this run) and with portable C only (all built and run here, same input), and the flash
// and RAM of the default and tuned builds; then the per-layer figures of kws_ref_model and
// vww_96_int8 (instructions and instructions per MAC). --no-tune skips the tuning.
// Usage: npm run bench:cortex-m [-- --models kws_ref_model,vww_96_int8] [-- --boards qemu-mps2-an386] [-- --code-size fast]
//        [-- --per-layer person_detect,pretrainedResnet_quant] [-- --no-tune]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DEFAULT_CODE_SIZE, graphStats, importModel } from '@anvil/core';
import type { CodeSize } from '@anvil/core';
import { availableParallelism } from 'node:os';
import { openAnvil, tuneModel } from '@anvil/sdk';
import { qemuToolchainMissing } from '@anvil/host';
import { TfliteImporter } from '@anvil/importer-tflite';
import { REPO_ROOT, loadRefs, sharedModels, tfliteModelsWithRefs } from '@anvil/testing';
import { measureOnBoard } from './measure-on-board.js';
import { progress, progressDone } from './bench-progress.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const shared = sharedModels();
if (!shared.available) {
  console.error(shared.reason);
  process.exit(1);
}
const missing = qemuToolchainMissing();
if (missing !== undefined) {
  console.error(missing);
  process.exit(1);
}
const only = opt('models')?.split(',');
const stems = tfliteModelsWithRefs(shared.dir).filter((s) => s !== 'trained_lstm_int8' && (only === undefined || only.includes(s)));
const BOARDS = [
  { target: 'cortex-m4', board: 'qemu-mps2-an386' },
  { target: 'cortex-m55', board: 'qemu-mps3-an547' },
].filter((b) => opt('boards') === undefined || (opt('boards') ?? '').split(',').includes(b.board));
const PER_LAYER_MODELS = opt('per-layer')?.split(',') ?? ['kws_ref_model', 'vww_96_int8'];
const codeSize = (opt('code-size') ?? DEFAULT_CODE_SIZE) as CodeSize;
const tune = !args.includes('--no-tune');

const anvil = await openAnvil({ projectDir: REPO_ROOT });

const fmt = (n: number): string => n.toLocaleString('en-US');
const rows: string[][] = [];
const layers: string[][] = [];
for (const stem of stems) {
  const refs = loadRefs(shared.dir, stem);
  const graph = importModel([new TfliteImporter()], new Uint8Array(readFileSync(refs.modelPath)), basename(refs.modelPath));
  const inputs = (refs.runs[0] as (typeof refs.runs)[number]).inputs;
  for (const { target, board } of BOARDS) {
    const profile = PER_LAYER_MODELS.includes(stem);
    progress(`${stem} on ${board}: building and counting the SIMD and the portable kernels${tune ? ', then tuning' : ''}`);
    const simd = measureOnBoard(anvil, graph, inputs, { target, planner: 'greedy-by-size', kernels: 'all', codeSize }, board, profile);
    const portable = measureOnBoard(
      anvil,
      graph,
      inputs,
      { target, planner: 'greedy-by-size', kernels: 'portable', codeSize },
      board,
      profile,
    );
    const base = { target, planner: 'greedy-by-size', codeSize } as const;
    const log = tune ? (await tuneModel(anvil, { graph, options: base, board, jobs: availableParallelism() })).log : undefined;
    const tuned = log === undefined ? undefined : measureOnBoard(anvil, graph, inputs, { ...base, tuning: log }, board, profile);
    const f = simd.footprint;
    rows.push([
      stem,
      board,
      fmt(simd.instructions),
      tuned === undefined ? '-' : fmt(tuned.instructions),
      fmt(portable.instructions),
      (simd.instructions / portable.instructions).toFixed(3),
      fmt(f.flashBytes),
      tuned === undefined ? '-' : fmt(tuned.footprint.flashBytes),
      fmt(f.modelFlashBytes),
      fmt(f.ramBytes),
      tuned === undefined ? '-' : fmt(tuned.footprint.ramBytes),
      fmt(f.arenaBytes),
      fmt(f.stackBytes),
    ]);
    if (profile) {
      const stats = graphStats(graph);
      for (const n of simd.report.nodes) {
        const s = simd.perStep.get(n.step);
        const p = portable.perStep.get(n.step);
        const t = tuned?.perStep.get(n.step);
        if (s === undefined || p === undefined) continue;
        const macs = stats.nodes.find((x) => x.id === n.node)?.macs ?? 0;
        layers.push([
          stem,
          board,
          String(n.step),
          n.op,
          n.strategy,
          fmt(macs),
          fmt(s),
          t === undefined ? '-' : fmt(t),
          fmt(p),
          macs > 0 ? (s / macs).toFixed(2) : '-',
          macs > 0 && t !== undefined ? (t / macs).toFixed(2) : '-',
          macs > 0 ? (p / macs).toFixed(2) : '-',
          (s / p).toFixed(3),
        ]);
      }
    }
  }
}

progressDone();

function table(header: readonly string[], body: readonly (readonly string[])[], left: ReadonlySet<number> = new Set([0, 1])): string {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((x, c) => (left.has(c) ? x.padEnd(widths[c] ?? 0) : x.padStart(widths[c] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

console.log(
  'Instructions per inference (exact, QEMU TCG plugin): SIMD kernels by default and tuned, portable C only; footprint of the default and tuned builds (bytes)\n',
);
console.log(
  table(
    [
      'model',
      'board',
      'simd instr',
      'tuned instr',
      'portable instr',
      'simd/portable',
      'flash',
      'tuned flash',
      'model flash',
      'RAM',
      'tuned RAM',
      'arena',
      'stack',
    ],
    rows,
  ),
);
if (layers.length > 0) {
  console.log(
    `\nPer layer, ${PER_LAYER_MODELS.join(' and ')} (instructions per MAC, MACs count every kernel position, padding included)\n`,
  );
  console.log(
    table(
      [
        'model',
        'board',
        'step',
        'op',
        'simd kernel',
        'MACs',
        'simd',
        'tuned',
        'portable',
        'simd/MAC',
        'tuned/MAC',
        'port/MAC',
        'simd/portable',
      ],
      layers,
      new Set([0, 1, 3, 4]),
    ),
  );
}
