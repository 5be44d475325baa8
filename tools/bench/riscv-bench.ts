// Benchmark (not a test): per shared model on QEMU's RISC-V virt board, the exact instructions
// per inference of the portable C kernels, the tuned scalar RV32 kernels and the RVV (Zve32x)
// kernels, built and run here on the same input, with flash and RAM; then per layer
// (instructions per MAC) for kws_ref_model and vww_96_int8.
//
// The baseline is the portable C built by GCC for rv32imac. The vector target's own portable
// build (clang-19, which auto-vectorises some loops) is printed too, so the RVV kernels can be
// judged against either. QEMU counts one vector instruction as one whatever the vector length
// or grouping: RVV figures are instruction counts, not cycles.
// Usage: npm run bench:riscv [-- --models kws_ref_model,vww_96_int8] [-- --per-layer kws_ref_model]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { graphStats, importModel } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { openAnvil } from '@anvil/sdk';
import { RISCV_TOOLS, qemuToolchainMissing } from '@anvil/host';
import { TfliteImporter } from '@anvil/importer-tflite';
import { REPO_ROOT, loadRefs, sharedModels, tfliteModelsWithRefs } from '@anvil/testing';
import { measureOnBoard } from './measure-on-board.js';
import type { BoardMeasure } from './measure-on-board.js';

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
const missing = qemuToolchainMissing(RISCV_TOOLS);
if (missing !== undefined) {
  console.error(missing);
  process.exit(1);
}
const BOARD = 'qemu-riscv32-virt';
const only = opt('models')?.split(',');
const stems = tfliteModelsWithRefs(shared.dir).filter((s) => s !== 'trained_lstm_int8' && (only === undefined || only.includes(s)));
const PER_LAYER_MODELS = opt('per-layer')?.split(',') ?? ['kws_ref_model', 'vww_96_int8'];

/** The builds compared, in column order. */
const BUILDS = [
  { key: 'portable', target: 'rv32imac', kernels: 'portable' },
  { key: 'scalar', target: 'rv32imac', kernels: 'all' },
  { key: 'portable-clang', target: 'rv32imac_zve32x', kernels: 'portable' },
  { key: 'rvv', target: 'rv32imac_zve32x', kernels: 'all' },
] as const;
type BuildKey = (typeof BUILDS)[number]['key'];

const anvil = await openAnvil({ projectDir: REPO_ROOT });
const fmt = (n: number): string => n.toLocaleString('en-US');
const ratio = (a: number, b: number): string => (a / b).toFixed(3);

function measureAll(graph: Graph, inputs: readonly Uint8Array[], profile: boolean): Map<BuildKey, BoardMeasure> {
  const out = new Map<BuildKey, BoardMeasure>();
  for (const b of BUILDS) {
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${graph.name}: ${b.key} (${b.target})\n`);
    out.set(
      b.key,
      measureOnBoard(anvil, graph, inputs, { target: b.target, planner: 'greedy-by-size', kernels: b.kernels }, BOARD, profile),
    );
  }
  return out;
}

const rows: string[][] = [];
const layers: string[][] = [];
for (const stem of stems) {
  const refs = loadRefs(shared.dir, stem);
  const graph = importModel([new TfliteImporter()], new Uint8Array(readFileSync(refs.modelPath)), basename(refs.modelPath));
  const inputs = (refs.runs[0] as (typeof refs.runs)[number]).inputs;
  const profile = PER_LAYER_MODELS.includes(stem);
  const m = measureAll(graph, inputs, profile);
  const get = (k: BuildKey): BoardMeasure => m.get(k) as BoardMeasure;
  const base = get('portable').instructions;
  rows.push([
    stem,
    fmt(base),
    fmt(get('scalar').instructions),
    fmt(get('portable-clang').instructions),
    fmt(get('rvv').instructions),
    ratio(get('scalar').instructions, base),
    ratio(get('rvv').instructions, base),
    ratio(get('rvv').instructions, get('portable-clang').instructions),
    fmt(get('portable').footprint.flashBytes),
    fmt(get('scalar').footprint.flashBytes),
    fmt(get('rvv').footprint.flashBytes),
    fmt(get('scalar').footprint.ramBytes),
    fmt(get('rvv').footprint.ramBytes),
  ]);
  if (profile) {
    const stats = graphStats(graph);
    for (const n of get('scalar').report.nodes) {
      const per = (k: BuildKey): number | undefined => get(k).perStep.get(n.step);
      const p = per('portable');
      if (p === undefined) continue;
      const macs = stats.nodes.find((x) => x.id === n.node)?.macs ?? 0;
      const perMac = (v: number | undefined): string => (macs > 0 && v !== undefined ? (v / macs).toFixed(2) : '-');
      const rvvKernel = get('rvv').report.nodes.find((x) => x.step === n.step)?.strategy ?? '-';
      layers.push([
        stem,
        String(n.step),
        n.op,
        n.strategy,
        rvvKernel,
        fmt(macs),
        fmt(p),
        fmt(per('scalar') ?? NaN),
        fmt(per('rvv') ?? NaN),
        perMac(p),
        perMac(per('scalar')),
        perMac(per('portable-clang')),
        perMac(per('rvv')),
      ]);
    }
  }
}

function table(header: readonly string[], body: readonly (readonly string[])[], left: ReadonlySet<number>): string {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((x, c) => (left.has(c) ? x.padEnd(widths[c] ?? 0) : x.padStart(widths[c] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

console.log(`Instructions per inference on ${BOARD} (exact, QEMU TCG plugin; one vector instruction counts as one)\n`);
console.log(
  table(
    [
      'model',
      'portable (gcc)',
      'scalar rv32',
      'portable (clang, zve32x)',
      'rvv',
      'scalar/portable',
      'rvv/portable',
      'rvv/portable-clang',
      'flash portable',
      'flash scalar',
      'flash rvv',
      'RAM scalar',
      'RAM rvv',
    ],
    rows,
    new Set([0]),
  ),
);
if (layers.length > 0) {
  console.log(
    `\nPer layer, ${PER_LAYER_MODELS.join(' and ')} (instructions per MAC; MACs count every kernel position, padding included)\n`,
  );
  console.log(
    table(
      [
        'model',
        'step',
        'op',
        'rv32imac kernel',
        'zve32x kernel',
        'MACs',
        'portable',
        'scalar',
        'rvv',
        'port/MAC',
        'scalar/MAC',
        'port-clang/MAC',
        'rvv/MAC',
      ],
      layers,
      new Set([0, 2, 3, 4]),
    ),
  );
}
