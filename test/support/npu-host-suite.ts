import { expect, it } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { Tensor } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { describeShared, firstDifference, loadRefs, tfliteModelsWithRefs } from '@anvil/testing';
import { runHost } from './host-build.js';
import { loadGraph } from './load-graph.js';
import { buildForHostWithNpu } from './npu-build.js';

const UNSUPPORTED = new Set(['trained_lstm_int8']);
/** Models whose every conv, depthwise, fully connected, add and pool node must run on the NPU. */
const FULLY_OFFLOADED = new Set(['vww_96_int8', 'kws_ref_model', 'pretrainedResnet_quant']);
const NPU_OPS = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'ADD', 'AVERAGE_POOL_2D', 'MAX_POOL_2D']);

/**
 * Every shared model compiled for the host with `--npu config`: one sanitized build per model,
 * run on every seed, byte-identical to TFLite Micro and to the interpreter.
 */
export function describeNpuHost(config: string): void {
  describeShared(`generated C with --npu ${config} on the host vs reference outputs`, (modelsDir) => {
    for (const stem of tfliteModelsWithRefs(modelsDir).filter((s) => !UNSUPPORTED.has(s))) {
      it(`${stem}: NPU regions plus CPU kernels, byte-identical on every seed`, async () => {
        const refs = loadRefs(modelsDir, stem);
        const graph = loadGraph(refs.modelPath);
        const build = await buildForHostWithNpu(graph, config);
        const offload = build.compiled.offload;
        expect(offload?.report.regions ?? 0, `${stem} has NPU regions`).toBeGreaterThan(0);
        expect(build.compiled.report.nodes.some((n) => n.backend === 'ethos-u')).toBe(true);
        if (FULLY_OFFLOADED.has(stem)) {
          const left = (offload?.placements ?? []).filter((p) => p.unit === 'cpu' && NPU_OPS.has(p.op));
          expect(left.map((p) => `${p.name}: ${p.reason}`)).toEqual([]);
        }
        const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
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
  });
}
