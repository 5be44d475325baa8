import { describe, expect, it } from 'vitest';
import { validatePlan } from '@anvil/core';
import type { BufferRequest, PlanningProblem } from '@anvil/core';
import { byConflictsOrder, planGreedyByConflicts } from './greedy-by-conflicts.js';
import { planHillClimb } from './hill-climb.js';

const buf = (id: number, bytes: number, firstStep: number, lastStep: number): BufferRequest => ({
  id,
  name: `b${id}`,
  bytes,
  alignment: 16,
  firstStep,
  lastStep,
  pools: ['sram'],
});

// vww_96_int8's head. Bytes alive with each buffer (its own included): b0 46,080, b1 64,512,
// b2 73,728, b3 64,512, b4 46,080; ties go to the larger buffer.
const chain: PlanningProblem = {
  pools: [{ name: 'sram', size: Number.POSITIVE_INFINITY, alignment: 16, access: ['cpu'] }],
  buffers: [buf(0, 27648, 0, 0), buf(1, 18432, 0, 1), buf(2, 18432, 1, 2), buf(3, 36864, 2, 3), buf(4, 9216, 3, 4)],
  steps: 5,
};

describe('greedy-by-conflicts', () => {
  it('orders by bytes alive alongside, then size, then id', () => {
    expect(byConflictsOrder(chain).map((b) => b.id)).toEqual([2, 3, 1, 0, 4]);
  });

  it('first-fits in that order: b2 0, b3 18,432, b1 18,432, b0 36,864 (above b1), b4 0 → 64,512 B', () => {
    const plan = planGreedyByConflicts(chain);
    validatePlan(chain, plan);
    expect(plan.placements.map((p) => p.offset)).toEqual([36864, 18432, 0, 18432, 0]);
    expect(plan.pools[0]?.used).toBe(64512);
    expect(plan.optimal).toBe(false);
  });
});

describe('hill-climb', () => {
  it('improves the greedy start to the 55,296-B bound, and says it is optimal because it meets it', () => {
    const plan = planHillClimb(chain, { seed: 1 });
    validatePlan(chain, plan);
    expect(plan.pools[0]?.used).toBe(55296);
    expect(plan.optimal).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const a = planHillClimb(chain, { seed: 7 });
    const b = planHillClimb(chain, { seed: 7 });
    expect(a.placements).toEqual(b.placements);
  });
});
