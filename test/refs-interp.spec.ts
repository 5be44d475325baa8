import { expect, it } from 'vitest';
import { interpret, interpretAll } from '@anvil/interp';
import { describeShared, firstDifference, loadRefs, tfliteModelsWithRefs } from '@anvil/testing';
import type { ModelRefs } from '@anvil/testing';
import type { Graph } from '@anvil/core';
import { loadGraph } from './support/load-graph.js';

// The oracle against TensorFlow Lite Micro's reference kernels: every shared model with refs,
// every seed, byte for byte; on a mismatch, the first operator whose output departs is named.

/** The first seed-1 layer dump the interpreter does not reproduce, described; undefined if none. */
function departure(graph: Graph, refs: ModelRefs): string | undefined {
  const run = refs.runs.find((r) => r.seed === 1);
  if (run === undefined) return 'no seed-1 run to localise with';
  const values = interpretAll(graph, run.inputs);
  for (const layer of refs.layers) {
    const got = values.get(layer.tensorIndex);
    const node = graph.nodes[layer.opIndex];
    if (got === undefined) return `${layer.file}: tensor ${layer.tensorIndex} was not produced`;
    const at = firstDifference(got, layer.bytes);
    if (at >= 0) {
      const g = new Int8Array(got.buffer, got.byteOffset, got.length)[at];
      const r = new Int8Array(layer.bytes.buffer, layer.bytes.byteOffset, layer.bytes.length)[at];
      return `first departing operator: ${node?.op} #${layer.opIndex} (${node?.name}), tensor ${layer.tensorIndex}, byte ${at}: got ${g}, reference ${r}`;
    }
  }
  return undefined;
}

describeShared(`interpreter vs TFLite Micro reference outputs`, (modelsDir) => {
  for (const stem of tfliteModelsWithRefs(modelsDir)) {
    it(`${stem}: every seed byte-identical, every seed-1 layer byte-identical`, () => {
      const refs = loadRefs(modelsDir, stem);
      const graph = loadGraph(refs.modelPath);
      expect(refs.runs.length).toBe(3);
      for (const run of refs.runs) {
        const outputs = interpret(graph, run.inputs);
        const same = outputs.length === run.outputs.length && outputs.every((o, k) => firstDifference(o, run.outputs[k] as Uint8Array) < 0);
        expect(
          same,
          `${stem} seed ${run.seed}: ${same ? '' : (departure(graph, refs) ?? 'every layer matches; only the final outputs differ')}`,
        ).toBe(true);
      }
      // A match on final outputs alone is weak evidence (saturated softmaxes), so every layer too.
      expect(refs.layers.length).toBe(graph.nodes.length);
      expect(departure(graph, refs)).toBeUndefined();
    });
  }
});
