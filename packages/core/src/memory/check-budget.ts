import { fail } from '../errors/anvil-error.js';
import { planBudgetTooSmall } from '../errors/builders.js';
import { lowerBound } from './lower-bound.js';
import type { PlanningProblem } from './problem.js';
import { alignUp } from './problem.js';

/**
 * Refuses, before any planner runs, budgets no plan can meet: the pools together hold less
 * than the peak of live bytes, or one pool less than the peak of the buffers only it may hold.
 * The error names the step and the tensors that set the peak.
 */
export function checkBudget(problem: PlanningProblem): void {
  const bound = lowerBound(problem);
  const byId = new Map(problem.buffers.map((b) => [b.id, b]));
  const liveOf = (ids: readonly number[]) => ids.map((id) => ({ name: byId.get(id)?.name ?? String(id), bytes: byId.get(id)?.bytes ?? 0 }));
  const live = liveOf(bound.liveAtPeak);
  // The pools together: only the buffers that must go to sized pools count against their sum
  // (an unsized pool, like the state pool Anvil adds, takes whatever is only allowed there).
  const sized = problem.pools.filter((p) => Number.isFinite(p.size));
  const sizedNames = new Set(sized.map((p) => p.name));
  const bounded = lowerBound({ ...problem, pools: sized, buffers: problem.buffers.filter((b) => b.pools.every((n) => sizedNames.has(n))) });
  const total = sized.reduce((s, p) => s + p.size, 0);
  const single = sized.length === 1 ? sized[0] : undefined;
  const need = single === undefined ? bounded.bytes : alignUp(bounded.bytes, single.alignment);
  const names = sized.map((p) => p.name).join('+');
  if (sized.length > 0 && need > total) fail(planBudgetTooSmall(names, total, need, bounded.step, liveOf(bounded.liveAtPeak)));
  for (const pool of problem.pools) {
    const own = bound.perPool.get(pool.name) ?? 0;
    if (own > pool.size) fail(planBudgetTooSmall(pool.name, pool.size, own, bound.step, live));
  }
}
