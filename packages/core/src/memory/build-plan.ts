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
 * The least a pool can use for the buffers only it may take: at each step those alive lie
 * side by side, each starting at a multiple of the smallest alignment A among them, so they
 * span at least the sum of their sizes rounded up to A, less the last one's padding (the
 * largest padding, as we do not know which is last); the pool's usage rounds that up again.
 */
function poolOnlyFloor(problem: PlanningProblem, pool: PlanningProblem['pools'][number]): number {
  const own = problem.buffers.filter((b) => b.pools.length === 1 && b.pools[0] === pool.name && b.bytes > 0);
  let best = 0;
  for (let s = 0; s < problem.steps; s++) {
    const live = own.filter((b) => b.firstStep <= s && s <= b.lastStep);
    if (live.length === 0) continue;
    const a = Math.min(...live.map((b) => b.alignment));
    const padded = live.reduce((sum, b) => sum + alignUp(b.bytes, a), 0);
    const lastPad = Math.max(...live.map((b) => alignUp(b.bytes, a) - b.bytes));
    best = Math.max(best, padded - lastPad);
  }
  return alignUp(best, pool.alignment);
}

/**
 * The smallest total any plan can reach: the live-bytes peak, rounded up to the pool's
 * alignment when there is one pool (its usage is always a multiple of that alignment). With
 * several pools, each holds at least what the buffers only it may take need at once, so the
 * sum of those is a floor too: it is what proves a plan with a separate state pool optimal.
 */
export function planFloor(problem: PlanningProblem): number {
  const bound = lowerBound(problem).bytes;
  const only = problem.pools.length === 1 ? problem.pools[0] : undefined;
  if (only !== undefined) return alignUp(bound, only.alignment);
  return Math.max(
    bound,
    problem.pools.reduce((s, p) => s + poolOnlyFloor(problem, p), 0),
  );
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
