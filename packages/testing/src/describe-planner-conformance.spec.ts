import { describe, expect, it } from 'vitest';
import { planInOrder } from '@anvil/core';
import type { MemoryPlanner } from '@anvil/core';
import { greedyBySize } from '@anvil/planner-greedy';
import { checkPlanners } from './check-planners.js';
import { describePlannerConformance } from './describe-planner-conformance.js';
import { CHAIN_PROBLEM, PINS_AND_POOLS_PROBLEM } from './planner-problems.js';

// One planner alone is checkable: nothing in the kit needs another.
describePlannerConformance(greedyBySize, { runs: 20 });

/** First fit in buffer order: on the chain it reaches the 55,296-B bound that largest-first misses. */
const inOrder: MemoryPlanner = {
  name: 'in-order',
  plan: (problem) => planInOrder('in-order', problem, problem.buffers, performance.now()),
};

describe('the planner kit catches', () => {
  it('a planner that ignores pins', () => {
    const unpinned: MemoryPlanner = {
      name: 'unpinned',
      plan: (problem) =>
        inOrder.plan(
          { ...problem, buffers: problem.buffers.map(({ pin: _pin, ...b }) => ({ ...b, pools: problem.pools.map((p) => p.name) })) },
          {},
        ),
    };
    expect(() => checkPlanners([unpinned], PINS_AND_POOLS_PROBLEM, { timeLimitMs: 100 })).toThrow(/pin|unpinned/);
  });

  it('a plan claimed optimal that another planner beats', () => {
    const boastful: MemoryPlanner = {
      name: 'boastful',
      plan: (problem, o) => ({ ...greedyBySize.plan(problem, o), planner: 'boastful', optimal: true, gap: 0 }),
    };
    expect(() => checkPlanners([boastful, inOrder], CHAIN_PROBLEM, { timeLimitMs: 100 })).toThrow(/claims optimal/);
  });
});
