import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { Tensor } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { describeShared, firstDifference, loadRefs, tfliteModelsWithRefs } from '@anvil/testing';
import { buildForHost, runHost } from './support/host-build.js';
import { loadGraph } from './support/load-graph.js';

// Generated C, built with gcc -O2 -Wall -Wextra -Werror -pedantic and ASan + UBSan, against
// the TFLite Micro reference outputs and the interpreter: byte for byte, every seed.
const FORBIDDEN = /^(malloc|calloc|realloc|free|printf|fprintf|sprintf|snprintf|puts|putchar|fputs|fwrite|fopen|exit|abort)$/;

function undefinedSymbols(objectFile: string): string[] {
  const r = spawnSync('nm', ['-u', objectFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nm failed on ${objectFile}: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/).pop() ?? '')
    .filter((s) => s.length > 0);
}

describeShared(`generated C on the host vs reference outputs`, (modelsDir) => {
  for (const stem of tfliteModelsWithRefs(modelsDir)) {
    it(`${stem}: sanitized host build is byte-identical to TFLite Micro and to the interpreter on every seed`, async () => {
      const refs = loadRefs(modelsDir, stem);
      const graph = loadGraph(refs.modelPath);
      const build = await buildForHost(graph);
      const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
      expect(build.compiled.report.nodes.every((n) => n.backend.length > 0 && n.strategy.length > 0)).toBe(true);
      for (const run of refs.runs) {
        const got = runHost(build, run.inputs, outputBytes, `seed${run.seed}`);
        const oracle = interpret(graph, run.inputs);
        got.forEach((bytes, k) => {
          expect(firstDifference(bytes, run.outputs[k] as Uint8Array), `${stem} seed ${run.seed} output ${k} vs TFLM`).toBe(-1);
          expect(firstDifference(bytes, oracle[k] as Uint8Array), `${stem} seed ${run.seed} output ${k} vs interp`).toBe(-1);
        });
      }
    });
  }

  it('the model library calls no malloc, free or printf (undefined symbols of its objects)', () => {
    const stem = 'kws_ref_model';
    const graph = loadGraph(join(modelsDir, `${stem}.tflite`));
    return buildForHost(graph).then((build) => {
      const r = spawnSync('make', ['-C', build.dir, 'CFLAGS=-std=c99 -O2 -Wall -Wextra -Werror -pedantic'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      // Every object make built: the model, its weights, its kernels (specialised or shared).
      const objectsUnder = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? objectsUnder(join(dir, e.name)) : e.name.endsWith('.o') ? [join(dir, e.name)] : [],
        );
      const objects = objectsUnder(build.dir);
      expect(objects.map((o) => o.slice(build.dir.length + 1))).toEqual(
        expect.arrayContaining([`${stem}.o`, `${stem}_weights.o`, 'runtime/src/platform_default.o']),
      );
      expect(objects.filter((o) => o.includes('/kernels/')).length).toBeGreaterThan(0);
      const used = new Set(objects.flatMap(undefinedSymbols));
      expect([...used].filter((s) => FORBIDDEN.test(s))).toEqual([]);
      // The scan does see references across objects: kernels use the weights defined elsewhere.
      expect([...used].some((s) => /^anvil_kws_ref_model_w\d+$/.test(s))).toBe(true);
    });
  });
});
