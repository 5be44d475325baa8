import { expect, it } from 'vitest';
import { applyPatches, tensorBytes } from '@anvil/core';
import type { PatchSpec, PinSpec, Tensor } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { describeShared, firstDifference, loadRefs } from '@anvil/testing';
import { buildForHost, runHost } from './support/host-build.js';
import { loadGraph } from './support/load-graph.js';

/**
 * Patched models (some layers run in row bands, recomputing halos) built for the host with
 * ASan and UBSan: byte-identical to TFLite Micro's reference outputs, to the interpreter on
 * the original graph, and to the interpreter running the bands literally, on every seed.
 */
interface Case {
  readonly stem: string;
  readonly patches: readonly PatchSpec[];
  /** The input owned by the application (the existing pin), outside the arena. */
  readonly appInput?: boolean;
}

const CASES: readonly Case[] = [
  { stem: 'vww_96_int8', patches: [{ first: 0, last: 3, bands: 12 }] },
  { stem: 'vww_96_int8', patches: [{ first: 0, last: 7, bands: 4 }], appInput: true },
  { stem: 'person_detect', patches: [{ first: 0, last: 7, bands: 6 }] },
  { stem: 'pretrainedResnet_quant', patches: [{ first: 0, last: 3, bands: 6 }] },
  { stem: 'pretrainedResnet_quant', patches: [{ first: 0, last: 7, bands: 8 }] },
];

describeShared('patch stages: generated C on the host vs reference outputs', (modelsDir) => {
  for (const c of CASES) {
    const label = `${c.stem} ${c.patches.map((p) => `nodes ${p.first}..${p.last} in ${p.bands} bands`).join(', ')}${c.appInput === true ? ', input app-owned' : ''}`;
    it(`${label}: sanitized host build is byte-identical on every seed`, async () => {
      const refs = loadRefs(modelsDir, c.stem);
      const graph = loadGraph(refs.modelPath);
      const pins: PinSpec[] =
        c.appInput === true ? [{ pattern: (graph.tensors[graph.inputs[0] as number] as Tensor).name, target: { kind: 'app' } }] : [];
      const build = await buildForHost(graph, 'greedy-by-size', { patches: c.patches, pins });
      const plain = await buildForHost(graph, 'greedy-by-size', { pins });
      // The stage really is there, and the arena really is smaller than the whole-tensor plan.
      expect(build.compiled.graph.nodes.some((n) => n.op === 'PATCH_STAGE')).toBe(true);
      expect(build.compiled.report.arenaBytes).toBeLessThan(plain.compiled.report.arenaBytes);
      const patched = applyPatches(graph, c.patches);
      const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
      for (const run of refs.runs) {
        const got = runHost(build, run.inputs, outputBytes, `seed${run.seed}`);
        const oracle = interpret(graph, run.inputs);
        const banded = interpret(patched, run.inputs);
        got.forEach((bytes, k) => {
          expect(firstDifference(bytes, run.outputs[k] as Uint8Array), `seed ${run.seed} output ${k} vs TFLM`).toBe(-1);
          expect(firstDifference(bytes, oracle[k] as Uint8Array), `seed ${run.seed} output ${k} vs interp`).toBe(-1);
          expect(firstDifference(banded[k] as Uint8Array, oracle[k] as Uint8Array), `seed ${run.seed} output ${k}: bands vs whole`).toBe(
            -1,
          );
        });
      }
    });
  }
});
