import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { AnvilError, ERROR_CODES, importModel } from '@anvil/core';
import { TfliteImporter } from '@anvil/importer-tflite';
import { interpret } from '@anvil/interp';
import { describeShared, loadRefs, tfliteModelsWithRefs, xorshift32 } from '@anvil/testing';

import { session } from './support/compile.js';
// Seeded mutations of every shared model: bit flips anywhere and near the ends (where the
// flatbuffer tables and vtables live), byte overwrites, and truncations. Each case must
// import cleanly or fail with a catalogued AnvilError: no other exception, no hang.
const CASES_PER_MODEL = 400;

type Mutation = { kind: string; bytes: Uint8Array };

function mutate(original: Uint8Array, next: () => number): Mutation {
  const bytes = original.slice();
  const n = bytes.length;
  const near = Math.min(n, 4096);
  switch (next() % 4) {
    case 0: {
      const at = next() % n;
      bytes[at] = (bytes[at] ?? 0) ^ (1 << (next() % 8));
      return { kind: `flip@${at}`, bytes };
    }
    case 1: {
      // Structure sits in the first and last few KiB; weights fill the middle.
      const at = next() % 2 === 0 ? next() % near : n - 1 - (next() % near);
      bytes[at] = (bytes[at] ?? 0) ^ (1 << (next() % 8));
      return { kind: `flip-end@${at}`, bytes };
    }
    case 2: {
      const at = next() % n;
      bytes.fill(next() % 2 === 0 ? 0xff : 0x7f, at, Math.min(n, at + 1 + (next() % 4)));
      return { kind: `overwrite@${at}`, bytes };
    }
    default: {
      const len = next() % n;
      return { kind: `truncate@${len}`, bytes: bytes.subarray(0, len) };
    }
  }
}

describeShared(`importer on mutated shared models`, (modelsDir) => {
  const importer = new TfliteImporter();
  for (const stem of tfliteModelsWithRefs(modelsDir)) {
    it(`${stem}: ${CASES_PER_MODEL} seeded mutations give a graph or a typed error`, () => {
      const original = new Uint8Array(readFileSync(join(modelsDir, `${stem}.tflite`)));
      const next = xorshift32(stem.length * 7919 + original.length);
      const outcomes = new Map<string, number>();
      for (let i = 0; i < CASES_PER_MODEL; i++) {
        const m = mutate(original, next);
        let outcome = 'imported';
        try {
          importModel([importer], m.bytes, `${stem}.tflite`);
        } catch (e) {
          if (!(e instanceof AnvilError)) throw new Error(`${stem} ${m.kind}: not a typed error: ${String(e)}`, { cause: e });
          expect(ERROR_CODES).toContain(e.code);
          expect(e.message.length).toBeGreaterThan(0);
          outcome = e.code;
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
      // Truncations alone guarantee that some cases are rejected.
      expect([...outcomes.keys()].some((k) => k !== 'imported')).toBe(true);
    });
  }

  // Mutants that import cleanly must also run and compile cleanly: damaged weights,
  // quantization or options reach the interpreter and the C emitter, which must answer with
  // outputs (or C) or a typed error.
  for (const stem of ['hello_world_int8', 'ad01_int8', 'micro_speech_quantized', 'kws_ref_model']) {
    it(`${stem}: mutants that import also interpret and compile, or fail with a typed error`, async () => {
      const anvil = await session();
      const original = new Uint8Array(readFileSync(join(modelsDir, `${stem}.tflite`)));
      const inputs = loadRefs(modelsDir, stem).runs[0]?.inputs ?? [];
      const next = xorshift32(original.length * 31 + 7);
      let interpreted = 0;
      for (let i = 0; i < 150; i++) {
        const m = mutate(original, next);
        let graph;
        try {
          graph = importModel([importer], m.bytes, `${stem}.tflite`);
        } catch (e) {
          if (e instanceof AnvilError) continue;
          throw e;
        }
        try {
          interpret(graph, inputs);
          interpreted++;
        } catch (e) {
          if (!(e instanceof AnvilError))
            throw new Error(`${stem} ${m.kind}: interpreter threw an untyped error: ${String(e)}`, { cause: e });
        }
        try {
          anvil.emit(anvil.compile(graph, { target: 'host', planner: 'greedy-by-size' }));
        } catch (e) {
          if (!(e instanceof AnvilError)) throw new Error(`${stem} ${m.kind}: compile threw an untyped error: ${String(e)}`, { cause: e });
        }
      }
      expect(interpreted).toBeGreaterThan(0);
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
