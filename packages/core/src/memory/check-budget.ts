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
  const live = bound.liveAtPeak.map((id) => ({ name: byId.get(id)?.name ?? String(id), bytes: byId.get(id)?.bytes ?? 0 }));
  const total = problem.pools.reduce((s, p) => s + p.size, 0);
  const single = problem.pools.length === 1 ? problem.pools[0] : undefined;
  const need = single === undefined ? bound.bytes : alignUp(bound.bytes, single.alignment);
  const names = problem.pools.map((p) => p.name).join('+');
  if (need > total) fail(planBudgetTooSmall(names, total, need, bound.step, live));
  for (const pool of problem.pools) {
    const own = bound.perPool.get(pool.name) ?? 0;
    if (own > pool.size) fail(planBudgetTooSmall(pool.name, pool.size, own, bound.step, live));
  }
}
