import { lowerBound } from './lower-bound.js';
import type { MemoryPlan, Placement, PlanningProblem, PoolUsage } from './problem.js';
import { alignUp } from './problem.js';

/** Each pool's high-water mark for these placements, rounded up to the pool's alignment. */
export function poolUsage(problem: PlanningProblem, placements: readonly Placement[]): PoolUsage[] {
  const bytes = new Map(problem.buffers.map((b) => [b.id, b.bytes]));
  return problem.pools.map((pool) => {
    const ends = placements.filter((p) => p.pool === pool.name).map((p) => p.offset + (bytes.get(p.buffer) ?? 0));
    return { name: pool.name, capacity: pool.size, used: alignUp(Math.max(0, ...ends), pool.alignment) };
  });
}

/** Bytes a plan occupies over all its pools: what planners minimise and reports compare. */
export function planTotal(plan: Pick<MemoryPlan, 'pools'>): number {
  return plan.pools.reduce((sum, p) => sum + p.used, 0);
}

/**
 * The smallest total any plan can reach: the live-bytes peak, rounded up to the pool's
 * alignment when there is one pool (its usage is always a multiple of that alignment).
 */
export function planFloor(problem: PlanningProblem): number {
  const bound = lowerBound(problem).bytes;
  const only = problem.pools.length === 1 ? problem.pools[0] : undefined;
  return only === undefined ? bound : alignUp(bound, only.alignment);
}

/**
 * A plan from placements, sorted by buffer id. A plan that reaches `planFloor` is optimal by
 * that very fact, whatever searched for it, so every planner reports it as proven.
 */
export function buildPlan(planner: string, problem: PlanningProblem, placements: readonly Placement[], startMs: number): MemoryPlan {
  const sorted = [...placements].sort((a, b) => a.buffer - b.buffer);
  const pools = poolUsage(problem, sorted);
  const gap = Math.max(0, pools.reduce((s, p) => s + p.used, 0) - planFloor(problem));
  const base = { planner, placements: sorted, pools, solveMs: performance.now() - startMs, gap };
  return gap === 0
    ? { ...base, optimal: true, proof: 'reaches the lower bound (peak live bytes, aligned up to the pool)' }
    : { ...base, optimal: false };
}
