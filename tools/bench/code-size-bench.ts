// Benchmark (not a test): per shared model, QEMU board and `--code-size`, the flash the model
// takes beyond its weights (code, per-channel tables, kernel parameters: the model's objects
// minus the bytes of the graph's constant tensors) and the exact instructions per inference.
// Usage: npm run bench:code-size [-- --models vww_96_int8] [-- --boards qemu-mps2-an386] [-- --sizes small,fast]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importModel } from '@anvil/core';
import type { CodeSize, Graph } from '@anvil/core';
import { openAnvil } from '@anvil/sdk';
import { qemuToolchainMissing } from '@anvil/host';
import { TfliteImporter } from '@anvil/importer-tflite';
import { REPO_ROOT, loadRefs, sharedModels } from '@anvil/testing';
import { measureOnBoard } from './measure-on-board.js';
import { progress, progressDone } from './bench-progress.js';

const args = process.argv.slice(2);
const opt = (name: string): string[] | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? '').split(',') : undefined;
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
const MODELS = opt('models') ?? ['kws_ref_model', 'vww_96_int8', 'pretrainedResnet_quant', 'person_detect', 'ad01_int8'];
const BOARDS = [
  { target: 'cortex-m4', board: 'qemu-mps2-an386' },
  { target: 'cortex-m55', board: 'qemu-mps3-an547' },
].filter((b) => opt('boards')?.includes(b.board) ?? true);
const SIZES = opt('sizes') ?? ['small', 'balanced', 'fast'];

const anvil = await openAnvil({ projectDir: REPO_ROOT });

/** Bytes of the graph's constant tensors as imported: the same for every kernel choice. */
function weightBytes(graph: Graph): number {
  return graph.tensors.reduce((s, t) => s + (t.data === undefined ? 0 : t.data.byteLength), 0);
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const rows: string[][] = [];
for (const stem of MODELS) {
  const refs = loadRefs(shared.dir, stem);
  const graph = importModel([new TfliteImporter()], new Uint8Array(readFileSync(refs.modelPath)), basename(refs.modelPath));
  const inputs = (refs.runs[0] as (typeof refs.runs)[number]).inputs;
  const weights = weightBytes(graph);
  for (const { target, board } of BOARDS)
    for (const size of SIZES) {
      progress(`${stem} on ${board}, --code-size ${size}: building and counting`);
      const m = measureOnBoard(anvil, graph, inputs, { target, planner: 'greedy-by-size', codeSize: size as CodeSize }, board);
      const flash = m.footprint.modelFlashBytes;
      rows.push([stem, board, size, fmt(m.instructions), fmt(flash), fmt(weights), fmt(flash - weights)]);
    }
}

progressDone();
const header = ['model', 'board', 'code size', 'instructions', 'model flash', 'weights', 'beyond weights'];
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
const line = (cells: readonly string[]): string =>
  cells.map((x, c) => (c < 3 ? x.padEnd(widths[c] ?? 0) : x.padStart(widths[c] ?? 0))).join('  ');
console.log('Instructions per inference (exact, QEMU) and model flash in bytes, per --code-size\n');
console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
