import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultPools,
  persistentPool,
  findTarget,
  lowerBound,
  lowerGraph,
  minPeakSchedule,
  planFloor,
  problemFromProgram,
  planTotal,
  runPipeline,
  strategyChooser,
} from '@anvil/core';
import type { CompileOptions, PinResolver } from '@anvil/core';
import {
  ALIGNMENT_PROBLEM,
  CHAIN_PROBLEM,
  PINS_AND_POOLS_PROBLEM,
  checkPlanners,
  describePlannerConformance,
  describeShared,
  tfliteModelsWithRefs,
} from '@anvil/testing';
import { session } from './support/compile.js';
import { loadGraph } from './support/load-graph.js';

// Every registered planner (built-in plugins) against one contract: @anvil/testing's planner
// kit (checkPlanners), on its hand-built and random problems, then the figures we expect of
// the built-in planners and the shared models.
const FAST = { timeLimitMs: 2000 };

const anvil = await session();
const planners = anvil.services().planners;
const pinning = anvil.services().pinResolvers[0] as PinResolver;

describePlannerConformance(planners, FAST);

describe('planner conformance: the built-in planners on hand-built problems', () => {
  it('registers greedy-by-size, greedy-by-conflicts, hill-climb and ilp', () => {
    expect(planners.map((p) => p.name).sort()).toEqual(['greedy-by-conflicts', 'greedy-by-size', 'hill-climb', 'ilp']);
  });

  it('a chain whose largest-first plan wastes 9,216 B: hill-climb and ilp reach the bound', () => {
    // vww's head: the busiest step holds 18,432 + 36,864 = 55,296 B (see the ilp spec).
    const plans = checkPlanners(planners, CHAIN_PROBLEM, FAST);
    expect(planTotal(plans.get('greedy-by-size')!)).toBe(64512);
    expect(planTotal(plans.get('hill-climb')!)).toBe(55296);
    expect(plans.get('ilp')?.optimal).toBe(true);
  });

  it('honours offset and pool pins, and a small fast pool filled first', () => {
    // dtcm (96 B) is listed first: the 64-B and 32-B buffers alive at step 0 fill it.
    const plans = checkPlanners(planners, PINS_AND_POOLS_PROBLEM, FAST);
    for (const plan of plans.values()) expect(plan.placements.filter((p) => p.pool === 'dtcm').map((p) => p.buffer)).toEqual([0, 1]);
  });

  it('two 8-byte buffers aligned to 16 in a 4-aligned pool: 24 B, proven by the ilp above the bound', () => {
    const plans = checkPlanners(planners, ALIGNMENT_PROBLEM, FAST);
    expect(planTotal(plans.get('ilp')!)).toBe(24);
    expect(plans.get('ilp')?.optimal).toBe(true);
    expect(planFloor(ALIGNMENT_PROBLEM)).toBe(16);
  });
});

describeShared('planner conformance: shared models', (modelsDir) => {
  const problemOf = (stem: string, extra: Omit<CompileOptions, 'target'> = {}) =>
    anvil.prepare(loadGraph(join(modelsDir, `${stem}.tflite`)), { ...extra, target: 'host' }).problem;

  for (const stem of tfliteModelsWithRefs(modelsDir)) {
    it(`${stem}: every plan conforms; ilp reaches the lower bound and proves it`, () => {
      const problem = problemOf(stem);
      const plans = checkPlanners(planners, problem, { timeLimitMs: 10_000 });
      const ilp = plans.get('ilp')!;
      // On every shared model the live-bytes peak is reachable (aligned up to the pool's 16).
      expect(planTotal(ilp)).toBe(planFloor(problem));
      expect(ilp.optimal).toBe(true);
    });
  }

  it('the scheduler models live bytes exactly as lowering assigns them, before and after reordering', () => {
    const target = findTarget(anvil.services().targets, 'host');
    const strategies = anvil.services().strategies;
    for (const stem of tfliteModelsWithRefs(modelsDir)) {
      const graph = runPipeline(loadGraph(join(modelsDir, `${stem}.tflite`)));
      const stored = lowerGraph(
        graph,
        graph.nodes.map((n) => n.id),
        strategyChooser(strategies, graph, target),
        target,
      );
      const choice = minPeakSchedule(stored);
      // A model with state plans it in the persistent pool as well (trained_lstm_int8).
      const pools = stored.buffers.some((b) => b.kind === 'persistent') ? [...defaultPools(16), persistentPool(16)] : defaultPools(16);
      expect(choice.peakBefore, stem).toBe(lowerBound(problemFromProgram(stored, pools)).bytes);
      const reordered = lowerGraph(graph, choice.order, strategyChooser(strategies, graph, target), target);
      expect(choice.peakAfter, stem).toBe(lowerBound(problemFromProgram(reordered, pools)).bytes);
      expect(choice.peakAfter, stem).toBeLessThanOrEqual(choice.peakBefore);
    }
  });

  it('vww_96_int8: the best plan is 55,296 B, the live bytes at its busiest step (a multiple of 16: no padding)', () => {
    const plans = checkPlanners(planners, problemOf('vww_96_int8'), FAST);
    expect(Math.min(...[...plans.values()].map(planTotal))).toBe(55296);
  });

  it('pins and two pools on kws_ref_model: the input at offset 0 of sram, convolutions in dtcm', () => {
    const problem = problemOf('kws_ref_model', {
      pools: [
        { name: 'dtcm', size: 16 * 1024, access: ['cpu', 'dma'] },
        { name: 'sram', size: 256 * 1024, access: ['cpu', 'dma'] },
      ],
      pins: [{ pattern: 'input_1', target: { kind: 'offset', pool: 'sram', offset: 0 } }],
    });
    expect(pinning.name).toBe('pinning');
    expect(problem.buffers.find((b) => b.pin !== undefined)?.pin).toEqual({ pool: 'sram', offset: 0 });
    checkPlanners(planners, problem, FAST);
  });
});
