import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AnvilError, ERROR_CODES, verifyGraph } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { OnnxImporter } from '@anvil/importer-onnx';
import { hostTarget } from '@anvil/target-host';
import { describeShared, onnxModelsWithRefs, xorshift32 } from '@anvil/testing';
import { session } from './support/compile.js';
import { DifferentialRunner, checkAll, formatTally, graphMutants, mutants, newTally, record } from './support/differential.js';
import type { FuzzCase } from './support/differential.js';

// Seeded mutations of the shared ONNX models (bit flips, byte overwrites, boundary words,
// truncations): each must import to a graph or fail with a catalogued AnvilError, never an
// untyped exception, a hang or a runaway allocation. Mutants that import go on through the
// interpreter and the sanitized host C, which must agree byte for byte or refuse with a typed error.
const CASES_PER_MODEL = 300;
/** No single import of a mutant may take longer (the models are at most 342 kB). */
const MAX_IMPORT_MS = 5_000;
const DIFFERENTIAL: ReadonlyArray<readonly [stem: string, fileMutants: number, graphMutants: number]> = [
  ['kws_ref_model_qdq', 30, 15],
  ['deep_autoencoder_qdq', 20, 10],
];
const SEED = Number(process.env['ANVIL_FUZZ_SEED'] ?? 1);

const importer = new OnnxImporter();

/** The importer called directly (importModel would wrap an untyped throw as PLUGIN_FAILED), then the verifier. */
function importOrCode(bytes: Uint8Array, fileName: string): Graph | string {
  try {
    return verifyGraph(importer.import(bytes, fileName));
  } catch (e) {
    if (!(e instanceof AnvilError)) throw new Error(`${fileName}: not a typed error: ${String(e)}`, { cause: e });
    expect(ERROR_CODES).toContain(e.code);
    expect(e.message.length).toBeGreaterThan(0);
    return e.code;
  }
}

describeShared('ONNX importer on mutated shared models', (modelsDir) => {
  for (const stem of onnxModelsWithRefs(modelsDir)) {
    it(`${stem}: ${CASES_PER_MODEL} seeded mutations give a graph or a typed error, each within ${MAX_IMPORT_MS} ms`, () => {
      const original = new Uint8Array(readFileSync(join(modelsDir, `${stem}.onnx`)));
      const outcomes = new Map<string, number>();
      let slowest = 0;
      for (const m of mutants(original, SEED * 7919 + original.length, CASES_PER_MODEL)) {
        const start = performance.now();
        const r = importOrCode(m.bytes, `${stem}.onnx`);
        slowest = Math.max(slowest, performance.now() - start);
        const outcome = typeof r === 'string' ? r : 'imported';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
      console.log(`${stem}: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}; slowest import ${slowest.toFixed(0)} ms`);
      expect(slowest).toBeLessThan(MAX_IMPORT_MS);
      // Truncations alone guarantee refusals; weight flips leave models that still import.
      expect([...outcomes.keys()].some((k) => k !== 'imported')).toBe(true);
      expect(outcomes.get('imported') ?? 0).toBeGreaterThan(0);
    });
  }

  it('random bytes named .onnx are rejected with typed errors', () => {
    const next = xorshift32(42);
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from({ length: 1 + (next() % 4096) }, () => next() & 0xff);
      const r = importOrCode(bytes, 'random.onnx');
      expect(typeof r === 'string', `random file ${i} imported`).toBe(true);
    }
  });
});

const compiler = spawnSync(hostTarget.toolchain.cc, ['--version']);
const noCompiler = compiler.error !== undefined || compiler.status !== 0;

describeShared('differential fuzzing of ONNX mutants: interpreter vs sanitized host C', (modelsDir) => {
  let runner: DifferentialRunner | undefined;
  beforeAll(async () => {
    if (!noCompiler) runner = new DifferentialRunner(await session(), { sanitize: () => true });
  });
  afterAll(() => runner?.close());

  for (const [stem, fileMutants, ofGraph] of DIFFERENTIAL) {
    it.skipIf(noCompiler && process.env['CI'] !== 'true')(
      `${stem}: imported mutants agree with the interpreter byte for byte or are refused with a typed error`,
      { timeout: 300_000 },
      async () => {
        if (runner === undefined) throw new Error(`${hostTarget.toolchain.cc} is not installed; CI must build the C`);
        const original = new Uint8Array(readFileSync(join(modelsDir, `${stem}.onnx`)));
        const imported = mutants(original, SEED * 104723 + original.length, fileMutants * 3)
          .map((m) => ({ m, r: importOrCode(m.bytes, `${stem}.onnx`) }))
          .filter((x): x is { m: (typeof x)['m']; r: Graph } => typeof x.r !== 'string')
          .slice(0, fileMutants);
        const graph = importOrCode(original, `${stem}.onnx`);
        if (typeof graph === 'string') throw new Error(`${stem} does not import: ${graph}`);
        const items: FuzzCase[] = [
          ...imported.map((x, i) => ({ label: `${stem} file mutant ${i} (${x.m.kind}, seed ${SEED})`, graph: x.r })),
          ...graphMutants(graph, SEED * 104729 + original.length, ofGraph).map((m, i) => ({
            label: `${stem} graph mutant ${i} (${m.kind}, seed ${SEED})`,
            graph: m.graph,
          })),
        ];
        const tally = newTally();
        await checkAll(runner, items, 2, (label, v) => record(tally, label, v));
        console.log(`${stem}: ${formatTally(tally)}`);
        expect(tally.failures, tally.failures.join('\n')).toEqual([]);
        expect(tally.agreed).toBeGreaterThan(items.length / 5);
      },
    );
  }
});
