import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultPools,
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
import type { BufferRequest, CompileOptions, MemoryPlanner, PinResolver, PlanningProblem, Pool } from '@anvil/core';
import type { Anvil } from '@anvil/sdk';
import { describeShared, tfliteModelsWithRefs } from '@anvil/testing';
import { session } from './support/compile.js';
import { loadGraph } from './support/load-graph.js';
import { checkPlanners } from './support/planner-conformance.js';

// Every registered planner (built-in plugins) against one contract: see checkPlanners.
const UNSUPPORTED = new Set(['trained_lstm_int8']);
const FAST = { timeLimitMs: 2000 };

let anvil: Anvil;
let planners: readonly MemoryPlanner[];
let pinning: PinResolver;
beforeAll(async () => {
  anvil = await session();
  planners = anvil.services().planners;
  pinning = anvil.services().pinResolvers[0] as PinResolver;
});

const buf = (id: number, bytes: number, firstStep: number, lastStep: number, extra: Partial<BufferRequest> = {}): BufferRequest => ({
  id,
  name: `b${id}`,
  bytes,
  alignment: 16,
  firstStep,
  lastStep,
  pools: ['sram'],
  ...extra,
});
const pool = (name: string, size = Number.POSITIVE_INFINITY, alignment = 16): Pool => ({ name, size, alignment, access: ['cpu'] });

describe('planner conformance: hand-built problems', () => {
  it('registers greedy-by-size, greedy-by-conflicts, hill-climb and ilp', () => {
    expect(planners.map((p) => p.name).sort()).toEqual(['greedy-by-conflicts', 'greedy-by-size', 'hill-climb', 'ilp']);
  });

  it('a chain whose largest-first plan wastes 9,216 B: hill-climb and ilp reach the bound', () => {
    // vww's head: the busiest step holds 18,432 + 36,864 = 55,296 B (see the ilp spec).
    const problem: PlanningProblem = {
      pools: [pool('sram')],
      buffers: [buf(0, 27648, 0, 0), buf(1, 18432, 0, 1), buf(2, 18432, 1, 2), buf(3, 36864, 2, 3), buf(4, 9216, 3, 4)],
      steps: 5,
    };
    const plans = checkPlanners(planners, problem, FAST);
    expect(planTotal(plans.get('greedy-by-size')!)).toBe(64512);
    expect(planTotal(plans.get('hill-climb')!)).toBe(55296);
    expect(plans.get('ilp')?.optimal).toBe(true);
  });

  it('honours offset and pool pins, and a small fast pool filled first', () => {
    // dtcm (96 B) is listed first: the 64-B and 32-B buffers alive at step 0 fill it.
    const problem: PlanningProblem = {
      pools: [pool('dtcm', 96), pool('sram')],
      buffers: [
        buf(0, 64, 0, 1, { pools: ['dtcm', 'sram'] }),
        buf(1, 32, 0, 0, { pools: ['dtcm', 'sram'] }),
        buf(2, 128, 1, 2, { pools: ['sram'], pin: { pool: 'sram', offset: 256 } }),
        buf(3, 48, 2, 3, { pools: ['sram'], pin: { pool: 'sram' } }),
      ],
      steps: 4,
    };
    const plans = checkPlanners(planners, problem, FAST);
    for (const plan of plans.values()) expect(plan.placements.filter((p) => p.pool === 'dtcm').map((p) => p.buffer)).toEqual([0, 1]);
  });

  it('two 8-byte buffers aligned to 16 in a 4-aligned pool: 24 B, proven by the ilp above the bound', () => {
    const problem: PlanningProblem = {
      pools: [pool('sram', Number.POSITIVE_INFINITY, 4)],
      buffers: [buf(0, 8, 0, 0), buf(1, 8, 0, 0)],
      steps: 1,
    };
    const plans = checkPlanners(planners, problem, FAST);
    expect(planTotal(plans.get('ilp')!)).toBe(24);
    expect(plans.get('ilp')?.optimal).toBe(true);
    expect(planFloor(problem)).toBe(16);
  });
});

/** Random problems: up to 60 buffers, one or two pools, mixed alignments, some pool and offset pins. */
const problems = fc
  .record({
    steps: fc.integer({ min: 1, max: 24 }),
    twoPools: fc.boolean(),
    poolAlign: fc.constantFrom(1, 4, 16),
    raw: fc.array(
      fc.record({
        bytes: fc.integer({ min: 0, max: 4096 }),
        alignment: fc.constantFrom(1, 4, 8, 16),
        start: fc.nat(),
        length: fc.integer({ min: 1, max: 8 }),
        pinPool: fc.boolean(),
      }),
      { minLength: 1, maxLength: 60 },
    ),
  })
  .map(({ steps, twoPools, poolAlign, raw }): PlanningProblem => {
    const names = twoPools ? ['fast', 'sram'] : ['sram'];
    const buffers = raw.map((r, id) => {
      const firstStep = r.start % steps;
      const base = buf(id, r.bytes, firstStep, Math.min(steps - 1, firstStep + r.length - 1), { alignment: r.alignment, pools: names });
      // Buffer 0 pinned at offset 0 of sram (nothing else is fixed, so the pin cannot conflict).
      if (id === 0) return { ...base, pools: ['sram'], pin: { pool: 'sram', offset: 0 } };
      return r.pinPool && id % 3 === 0 ? { ...base, pools: ['sram'], pin: { pool: 'sram' } } : base;
    });
    const pools = twoPools
      ? [pool('fast', 2048, poolAlign), pool('sram', Number.POSITIVE_INFINITY, poolAlign)]
      : [pool('sram', Number.POSITIVE_INFINITY, poolAlign)];
    return { pools, buffers, steps };
  });

describe('planner conformance: property-based', () => {
  it('every planner on random problems of up to 60 buffers', () => {
    fc.assert(
      fc.property(problems, (problem) => {
        checkPlanners(planners, problem, { timeLimitMs: 150 });
      }),
      { numRuns: 40, seed: 20261125 },
    );
  }, 120_000);
});

describeShared('planner conformance: shared models', (modelsDir) => {
  const problemOf = (stem: string, extra: Omit<CompileOptions, 'target'> = {}) =>
    anvil.prepare(loadGraph(join(modelsDir, `${stem}.tflite`)), { ...extra, target: 'host' }).problem;

  for (const stem of tfliteModelsWithRefs(modelsDir).filter((s) => !UNSUPPORTED.has(s))) {
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
    for (const stem of tfliteModelsWithRefs(modelsDir).filter((s) => !UNSUPPORTED.has(s))) {
      const graph = runPipeline(loadGraph(join(modelsDir, `${stem}.tflite`)));
      const stored = lowerGraph(
        graph,
        graph.nodes.map((n) => n.id),
        strategyChooser(strategies, graph, target),
        target,
      );
      const choice = minPeakSchedule(stored);
      expect(choice.peakBefore, stem).toBe(lowerBound(problemFromProgram(stored, defaultPools(16))).bytes);
      const reordered = lowerGraph(graph, choice.order, strategyChooser(strategies, graph, target), target);
      expect(choice.peakAfter, stem).toBe(lowerBound(problemFromProgram(reordered, defaultPools(16))).bytes);
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
