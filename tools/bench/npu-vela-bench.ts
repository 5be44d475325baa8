// Benchmark (not a test): the NPU estimator's cycles per shared model and operator class, against
// the totals Arm's Vela 3.10 gave on the same models (ethos-u55-128, default system, Performance),
// as recorded in /work/shared/notes/npu.md. Vela's per-class figures are not recorded there, so
// classes are printed for our side only; the one per-operator Vela figure the notes give
// (FULLY_CONNECTED 640→128: 12,861 cycles) is checked by the plugin's unit tests.
// Usage: npx tsx tools/bench/npu-vela-bench.ts [--npu ethos-u55-128] [--npu-system NAME]
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { importModel } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { TfliteImporter } from '@anvil/importer-tflite';
import { EthosUOffloader, firstFitScratch, isOurRegion } from '@anvil/npu-ethos-u';
import { sharedModels } from '@anvil/testing';

/** Vela 3.10 totals (cycles), ethos-u55-128, default system configuration, Performance mode. */
const VELA: Readonly<Record<string, number>> = { kws_ref_model: 84_604, pretrainedResnet_quant: 201_794 };

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
const system = opt('npu-system');
const config = `${opt('npu') ?? 'ethos-u55-128'}${system === undefined ? '' : `@${system}`}`;

function load(stem: string): Graph {
  const path = join(shared.dir, `${stem}.tflite`);
  return importModel([new TfliteImporter()], new Uint8Array(readFileSync(path)), basename(path));
}

const pct = (a: number, b: number): string => `${a >= b ? '+' : ''}${((100 * (a - b)) / b).toFixed(1)}%`;
console.log(`configuration ${config}`);
for (const [stem, vela] of Object.entries(VELA)) {
  const offloader = new EthosUOffloader(firstFitScratch);
  const graph = offloader.partition(load(stem), config).graph;
  const byClass = new Map<string, number>();
  let total = 0;
  for (const node of graph.nodes.filter(isOurRegion)) {
    const c = offloader.compile(node);
    total += c.cycles;
    c.ops.forEach((op, i) => {
      const n = node.attrs.body.nodes.find((x) => x.id === op.nodeId);
      const cls = op.kind === 'dma' ? 'DMA' : (n?.op ?? op.kind);
      byClass.set(cls, (byClass.get(cls) ?? 0) + (c.costs[i]?.execCycles ?? 0));
    });
  }
  const onCpu = graph.nodes.filter((n) => !isOurRegion(n)).map((n) => n.op);
  // Vela's figures are for ethos-u55-128 in its default system: only then is the difference meaningful.
  const comparable = config === 'ethos-u55-128';
  const against = comparable
    ? `, Vela ${vela.toLocaleString('en')} (${pct(total, vela)})`
    : ` (Vela's figure is for ethos-u55-128, default system)`;
  console.log(`\n${stem}: Anvil ${total.toLocaleString('en')} cycles${against}`);
  for (const [cls, cycles] of [...byClass].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${cls.padEnd(20)} ${cycles.toLocaleString('en').padStart(10)} exec cycles`);
  }
  console.log(
    `  (overlapped weight fetch and waits: ${(total - [...byClass.values()].reduce((s, v) => s + v, 0)).toLocaleString('en')}; on the CPU: ${onCpu.join(', ') || 'nothing'})`,
  );
}
