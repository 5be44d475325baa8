import { describe, expect, it } from 'vitest';
import { AnvilError, lowerBound, validatePlan } from '@anvil/core';
import type { BufferRequest, PlanningProblem } from '@anvil/core';
import { planGreedyBySize } from './greedy-by-size.js';

const buf = (id: number, bytes: number, firstStep: number, lastStep: number): BufferRequest => ({
  id,
  name: `b${id}`,
  bytes,
  alignment: 16,
  firstStep,
  lastStep,
  pools: ['sram'],
});

const pool = (size = 1 << 20) => [{ name: 'sram', size, alignment: 16, access: ['cpu' as const] }];

describe('greedy-by-size', () => {
  it('reuses memory of dead buffers: a chain needs only its two largest neighbours', () => {
    // Chain a→b→c→d: each buffer lives two steps. Sizes 64, 32, 64, 32.
    const problem: PlanningProblem = {
      pools: pool(),
      buffers: [buf(0, 64, 0, 1), buf(1, 32, 1, 2), buf(2, 64, 2, 3), buf(3, 32, 3, 4)],
      steps: 5,
    };
    const plan = planGreedyBySize(problem);
    validatePlan(problem, plan);
    // Largest first: b0 @0, b2 @0 (disjoint from b0), b1 @64, b3 @64 → 96 = lower bound.
    expect(plan.placements).toEqual([
      { buffer: 0, pool: 'sram', offset: 0 },
      { buffer: 1, pool: 'sram', offset: 64 },
      { buffer: 2, pool: 'sram', offset: 0 },
      { buffer: 3, pool: 'sram', offset: 64 },
    ]);
    expect(plan.pools[0]?.used).toBe(96);
    expect(lowerBound(problem).bytes).toBe(96);
  });

  it('fills a gap left between live buffers when the new buffer fits', () => {
    // b0 (48) and b1 (48) overlap b2 (16) only at step 1; b1 starts after b0 dies.
    const problem: PlanningProblem = { pools: pool(), buffers: [buf(0, 48, 0, 1), buf(1, 48, 2, 3), buf(2, 16, 1, 2)], steps: 4 };
    const plan = planGreedyBySize(problem);
    validatePlan(problem, plan);
    expect(plan.pools[0]?.used).toBe(64);
  });

  it('fails with PLAN_DOES_NOT_FIT when a buffer cannot fit the pool', () => {
    const problem: PlanningProblem = { pools: pool(100), buffers: [buf(0, 64, 0, 1), buf(1, 64, 1, 2)], steps: 3 };
    expect(() => planGreedyBySize(problem)).toThrow(AnvilError);
  });
});
