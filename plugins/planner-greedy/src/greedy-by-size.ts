import { alignUp, errors, fail } from '@anvil/core';
import type { MemoryPlan, MemoryPlanner, PlanningProblem, Pool } from '@anvil/core';
import { firstFit, placePins, toPlacements } from './first-fit.js';
import type { Placed } from './first-fit.js';

/**
 * Greedy by size, as TensorFlow Lite Micro's default planner does it: largest buffer first
 * (ties by id), each at the lowest offset that clears every placed buffer it is alive with.
 * Pools are tried in each buffer's order of preference.
 */
export function planGreedyBySize(problem: PlanningProblem): MemoryPlan {
  const start = performance.now();
  const pools = new Map(problem.pools.map((p) => [p.name, p]));
  const placed: Placed[] = placePins(problem.buffers, pools);
  const order = problem.buffers.filter((b) => b.pin === undefined).sort((a, b) => b.bytes - a.bytes || a.id - b.id);
  for (const req of order) {
    let done = false;
    for (const name of req.pools) {
      const pool = pools.get(name);
      const offset = pool === undefined ? undefined : firstFit(req, pool, placed);
      if (pool !== undefined && offset !== undefined) {
        placed.push({ req, pool: pool.name, offset });
        done = true;
        break;
      }
    }
    if (!done) {
      const pool = pools.get(req.pools[0] ?? '');
      fail(errors.planDoesNotFit(req.pools.join('/'), req.bytes, pool?.size ?? 0));
    }
  }
  return {
    planner: 'greedy-by-size',
    placements: toPlacements(placed),
    pools: problem.pools.map((p) => usage(p, placed)),
    optimal: false,
    solveMs: performance.now() - start,
  };
}

function usage(pool: Pool, placed: readonly Placed[]): MemoryPlan['pools'][number] {
  const end = Math.max(0, ...placed.filter((p) => p.pool === pool.name).map((p) => p.offset + p.req.bytes));
  return { name: pool.name, capacity: pool.size, used: alignUp(end, pool.alignment) };
}

export const greedyBySize: MemoryPlanner = {
  name: 'greedy-by-size',
  plan: (problem) => planGreedyBySize(problem),
};
