import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { CompileOptions, Graph, MemoryPlan, Tensor } from '@anvil/core';
import { firstDifference, loadRefs, sharedModels } from '@anvil/testing';
import { session } from './support/compile.js';
import { buildForHost, runHost } from './support/host-build.js';
import { loadGraph } from './support/load-graph.js';

// The generated C must not care which planner placed its buffers: each planner's plan,
// compiled and built with ASan + UBSan, gives TFLite Micro's bytes on the seed-1 input.
// Planners that produce the very same placements produce the very same C, so each distinct
// plan is built once (the test names which planners share it).
const shared = sharedModels();
const MODELS = ['kws_ref_model', 'vww_96_int8', 'pretrainedResnet_quant'];
const PLANNERS = ['greedy-by-size', 'greedy-by-conflicts', 'hill-climb', 'ilp'];

const signature = (plan: MemoryPlan): string => JSON.stringify(plan.placements);

async function checkSeed1(
  stem: string,
  graph: Graph,
  planner: string,
  memory: Omit<CompileOptions, 'target' | 'planner'> = {},
): Promise<MemoryPlan> {
  const refs = loadRefs(shared.dir, stem);
  const run = refs.runs.find((r) => r.seed === 1) ?? refs.runs[0]!;
  const build = await buildForHost(graph, planner, memory);
  const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
  const got = runHost(build, run.inputs, outputBytes, 'seed1');
  got.forEach((bytes, k) => expect(firstDifference(bytes, run.outputs[k] as Uint8Array), `${stem} ${planner} output ${k}`).toBe(-1));
  return build.compiled.plan;
}

describe.skipIf(!shared.available)(`generated C with every planner vs TFLite Micro (seed 1) ${shared.reason}`, () => {
  for (const stem of MODELS) {
    it(`${stem}: byte-identical outputs whichever planner placed the buffers`, async () => {
      const graph = loadGraph(join(shared.dir, `${stem}.tflite`));
      const built = new Map<string, string>();
      const anvil = await session();
      for (const planner of PLANNERS) {
        const plan = anvil.compile(graph, { target: 'host', planner, timeLimitMs: 5000 }).plan;
        const same = built.get(signature(plan));
        if (same !== undefined) continue; // identical placements: identical C, already checked
        await checkSeed1(stem, graph, planner, { timeLimitMs: 5000 });
        built.set(signature(plan), planner);
      }
      expect(built.size).toBeGreaterThan(0);
    }, 240_000);
  }

  it('kws_ref_model with application-owned input and output, two pins and --reorder: still byte-identical', async () => {
    const stem = 'kws_ref_model';
    const graph = loadGraph(join(shared.dir, `${stem}.tflite`));
    const input = graph.tensors[graph.inputs[0] ?? -1]?.name ?? '';
    const output = graph.tensors[graph.outputs[0] ?? -1]?.name ?? '';
    const plan = await checkSeed1(stem, graph, 'hill-climb', {
      pins: [
        { pattern: input, target: { kind: 'app' } },
        { pattern: output, target: { kind: 'app' } },
      ],
      reorder: true,
    });
    // The two application-owned buffers are not in the plan: fewer placements than buffers.
    const full = await checkSeed1(stem, graph, 'hill-climb');
    expect(plan.placements.length).toBe(full.placements.length - 2);
  }, 240_000);
});
