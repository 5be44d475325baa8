// Benchmark (not a test): differential fuzzing at nightly size. The same check as
// test/model-fuzz.spec.ts (test/support/differential.ts): seeded mutants of small shared
// models (bytes damaged, and imported graphs mutated at their semantic edges) are imported,
// interpreted, compiled to host C, built and run; the C must give the interpreter's bytes or
// the mutant must be refused with a typed error. Prints how many imported, were rejected (by
// stage and code), agreed and disagreed, and every disagreement; exits 1 if there is one.
// Usage: npm run bench:fuzz [-- --count 3000] [-- --seed 7] [-- --models hello_world_int8,kws_ref_model]
//        [-- --sanitize-every 4] (ASan/UBSan on every 4th build, rotating; default every build)
//        [-- --graph-percent 30] (share of graph mutants; the rest damage the file) [-- --jobs 2]
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { importTflite } from '@anvil/importer-tflite';
import { sharedModels } from '@anvil/testing';
import { session } from '../../test/support/compile.js';
import { DifferentialRunner, checkAll, formatTally, graphMutants, mutants, newTally, record } from '../../test/support/differential.js';
import type { FuzzCase, Tally } from '../../test/support/differential.js';
import { progress, progressDone } from './bench-progress.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const positive = (name: string, fallback: number): number => {
  const raw = opt(name);
  const v = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(v) || v < 1) {
    console.error(`--${name} must be a positive integer, got ${raw}`);
    process.exit(2);
  }
  return v;
};

const shared = sharedModels();
if (!shared.available) {
  console.error(shared.reason);
  process.exit(1);
}

/** Relative shares of the mutants: cheap models get more (ad01's 1 MB weights file is slow to build). */
const SHARES: ReadonlyArray<readonly [string, number]> = [
  ['hello_world_int8', 3],
  ['simple_add_model', 2],
  ['micro_speech_quantized', 2],
  ['kws_ref_model', 2],
  ['ad01_int8', 1],
];
const count = positive('count', 3000);
const seed = positive('seed', 1);
const jobs = positive('jobs', availableParallelism());
const sanitizeEvery = positive('sanitize-every', 1);
const graphPercent = Math.min(100, positive('graph-percent', 30));
const only = opt('models')?.split(',');
const models = SHARES.filter(([stem]) => only === undefined || only.includes(stem));
if (models.length === 0) {
  console.error(`--models names none of ${SHARES.map(([s]) => s).join(', ')}`);
  process.exit(2);
}
const shareTotal = models.reduce((s, [, w]) => s + w, 0);

const runner = new DifferentialRunner(await session(), { sanitize: (i) => i % sanitizeEvery === 0, jobs });
const total = newTally();
const start = performance.now();
const perModel: Array<[string, Tally, number]> = [];
try {
  for (const [stem, share] of models) {
    const n = Math.max(1, Math.round((count * share) / shareTotal));
    const ofGraph = Math.round((n * graphPercent) / 100);
    const original = new Uint8Array(readFileSync(join(shared.dir, `${stem}.tflite`)));
    const items: FuzzCase[] = [
      ...mutants(original, seed * 7919 + original.length, n - ofGraph).map((m, i) => ({
        label: `${stem} file mutant ${i} (${m.kind}, seed ${seed})`,
        fileName: `${stem}.tflite`,
        bytes: m.bytes,
      })),
      ...graphMutants(importTflite(original, stem), seed * 104729 + original.length, ofGraph).map((m, i) => ({
        label: `${stem} graph mutant ${i} (${m.kind}, seed ${seed})`,
        graph: m.graph,
      })),
    ];
    progress(`${stem}: checking ${n} mutant(s), ${jobs} at a time`);
    const tally = newTally();
    const t0 = performance.now();
    let done = 0;
    await checkAll(runner, items, jobs, (label, v) => {
      record(tally, label, v);
      record(total, label, v);
      if (++done % 100 === 0) progress(`${stem}: ${done}/${n} checked`);
      if (v.kind === 'failed') console.error(`DISAGREEMENT ${label}: ${v.detail}`);
    });
    perModel.push([stem, tally, performance.now() - t0]);
  }
} finally {
  runner.close();
}

progressDone();
for (const [stem, tally, ms] of perModel) console.log(`${stem} (${(ms / 1000).toFixed(1)} s): ${formatTally(tally)}`);
console.log(`\ntotal, seed ${seed}, ${((performance.now() - start) / 1000).toFixed(1)} s: ${formatTally(total)}`);
console.log(`  build work: ${runner.work.compiled} objects compiled, ${runner.work.linked} executables linked`);
for (const f of total.failures) console.log(`  DISAGREEMENT ${f}`);
process.exitCode = total.failures.length > 0 ? 1 : 0;
