import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AnvilError, ERROR_CODES, importModel } from '@anvil/core';
import { TfliteImporter, importTflite } from '@anvil/importer-tflite';
import { hostTarget } from '@anvil/target-host';
import { describeShared, tfliteModelsWithRefs, xorshift32 } from '@anvil/testing';

import { session } from './support/compile.js';
import { DifferentialRunner, checkAll, formatTally, graphMutants, mutants, newTally, record } from './support/differential.js';
import type { FuzzCase } from './support/differential.js';

// Seeded mutations of every shared model: bit flips anywhere and near the ends (where the
// flatbuffer tables and vtables live), byte overwrites, boundary words and truncations. Each
// case must import cleanly or fail with a catalogued AnvilError: no other exception, no hang.
const CASES_PER_MODEL = 400;

/**
 * Differential fuzzing: every mutant of these models that imports is interpreted and
 * compiled to host C, built and run; the C must give the interpreter's bytes or the mutant
 * must be refused with a typed error (see support/differential.ts). File mutants damage the
 * bytes; graph mutants change the imported graph where byte flips rarely reach (outputs moved
 * to constants or inputs, boundary zero points and scales, activations, strides, windows).
 *
 * Every build is under ASan/UBSan. Builds dominate the cost, so the runner compiles each
 * distinct C file once and caches its object (and links each distinct program once): a
 * mutant costs only the files it changed (mostly `<model>_weights.c`), a link and a run.
 * Counts are sized to about two minutes of CPU, a minute or two on the two cores this suite
 * runs on; kws (conv kernels) and ad01 (1 MB of weights as C) cost most per mutant, so they get fewest.
 * `npm run bench:fuzz` runs the same check at nightly size.
 */
const DIFFERENTIAL: ReadonlyArray<readonly [stem: string, fileMutants: number, graphMutants: number]> = [
  ['hello_world_int8', 120, 60],
  ['simple_add_model', 80, 30],
  ['micro_speech_quantized', 80, 40],
  ['kws_ref_model', 50, 25],
  ['ad01_int8', 30, 10],
];
const SEED = Number(process.env['ANVIL_FUZZ_SEED'] ?? 1);

const compiler = spawnSync(hostTarget.toolchain.cc, ['--version']);
const noCompiler = compiler.error !== undefined || compiler.status !== 0;

describeShared(`importer on mutated shared models`, (modelsDir) => {
  const importer = new TfliteImporter();
  for (const stem of tfliteModelsWithRefs(modelsDir)) {
    it(`${stem}: ${CASES_PER_MODEL} seeded mutations give a graph or a typed error`, () => {
      const original = new Uint8Array(readFileSync(join(modelsDir, `${stem}.tflite`)));
      const outcomes = new Map<string, number>();
      for (const m of mutants(original, stem.length * 7919 + original.length, CASES_PER_MODEL)) {
        let outcome = 'imported';
        try {
          importModel([importer], m.bytes, `${stem}.tflite`);
        } catch (e) {
          if (!(e instanceof AnvilError)) throw new Error(`${stem} ${m.kind}: not a typed error: ${String(e)}`, { cause: e });
          expect(ERROR_CODES).toContain(e.code);
          expect(e.message.length).toBeGreaterThan(0);
          // PLUGIN_FAILED is how importModel wraps an untyped throw: a bug in a built-in importer.
          expect(e.code, `${stem} ${m.kind}: ${e.message}`).not.toBe('PLUGIN_FAILED');
          outcome = e.code;
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
      // Truncations alone guarantee that some cases are rejected.
      expect([...outcomes.keys()].some((k) => k !== 'imported')).toBe(true);
    });
  }

  it('random bytes and a wrong identifier are rejected with typed errors', () => {
    const next = xorshift32(42);
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: 8 + (next() % 2048) }, () => next() & 0xff);
      if (i % 2 === 0) bytes.set([0x54, 0x46, 0x4c, 0x33], 4); // "TFL3": get past the identifier
      expect(() => importModel([importer], bytes, 'random.tflite')).toThrow(AnvilError);
    }
  });
});

describeShared('differential fuzzing: mutants through the interpreter and the sanitized host C', (modelsDir) => {
  let runner: DifferentialRunner | undefined;
  const total = newTally();
  beforeAll(async () => {
    if (!noCompiler) runner = new DifferentialRunner(await session(), { sanitize: () => true });
  });
  afterAll(() => {
    runner?.close();
    if (total.mutants > 0) console.log(`differential fuzzing (seed ${SEED}): ${formatTally(total)}`);
  });

  for (const [stem, fileMutants, ofGraph] of DIFFERENTIAL) {
    const count = fileMutants + ofGraph;
    it.skipIf(noCompiler && process.env['CI'] !== 'true')(
      `${stem}: ${count} mutants agree with the interpreter byte for byte or are refused with a typed error`,
      { timeout: 300_000 },
      async () => {
        if (runner === undefined) throw new Error(`${hostTarget.toolchain.cc} is not installed; CI must build the C`);
        const original = new Uint8Array(readFileSync(join(modelsDir, `${stem}.tflite`)));
        const items: FuzzCase[] = [
          ...mutants(original, SEED * 7919 + original.length, fileMutants).map((m, i) => ({
            label: `${stem} file mutant ${i} (${m.kind}, seed ${SEED})`,
            fileName: `${stem}.tflite`,
            bytes: m.bytes,
          })),
          ...graphMutants(importTflite(original, stem), SEED * 104729 + original.length, ofGraph).map((m, i) => ({
            label: `${stem} graph mutant ${i} (${m.kind}, seed ${SEED})`,
            graph: m.graph,
          })),
        ];
        const tally = newTally();
        await checkAll(runner, items, 2, (label, v) => {
          record(tally, label, v);
          record(total, label, v);
        });
        console.log(`${stem}: ${formatTally(tally)}`);
        expect(tally.failures, tally.failures.join('\n')).toEqual([]);
        // The mutations must leave enough mutants importable for the check to mean something.
        expect(tally.agreed).toBeGreaterThan(count / 5);
      },
    );
  }
});
