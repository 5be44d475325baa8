import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { Tensor } from '@anvil/core';
import { describeShared, firstDifference, loadRefs } from '@anvil/testing';
import { buildForHost, runHost } from './support/host-build.js';
import { loadGraph } from './support/load-graph.js';

// Several RAM pools end to end: the plan spreads buffers over them, the C takes one base per
// pool, and the outputs stay those of TensorFlow Lite Micro (sanitized host build).
describeShared('models planned over two RAM pools', (modelsDir) => {
  for (const [stem, pools] of [
    ['vww_96_int8', [32, 256]],
    ['pretrainedResnet_quant', [20, 128]],
  ] as const) {
    const [dtcm, sram] = pools;
    it(`${stem} with dtcm:${dtcm}KiB + sram:${sram}KiB: both pools used, byte-identical on every seed`, async () => {
      const refs = loadRefs(modelsDir, stem);
      const graph = loadGraph(refs.modelPath);
      const build = await buildForHost(graph, 'ilp', {
        pools: [
          { name: 'dtcm', size: dtcm * 1024, access: ['cpu', 'dma'] },
          { name: 'sram', size: sram * 1024, access: ['cpu', 'dma'] },
        ],
      });
      const used = build.compiled.plan.pools.filter((p) => p.used > 0).map((p) => p.name);
      expect(used).toEqual(['dtcm', 'sram']);
      const header = readFileSync(join(build.dir, `${build.compiled.name}.h`), 'utf8');
      expect(header).toMatch(new RegExp(`_run\\(void \\*pool_${used[0]}, void \\*pool_${used[1]},`));
      const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
      for (const run of refs.runs) {
        const got = runHost(build, run.inputs, outputBytes, `mp${run.seed}`);
        got.forEach((bytes, k) => expect(firstDifference(bytes, run.outputs[k] as Uint8Array), `seed ${run.seed}`).toBe(-1));
      }
    });
  }
});
