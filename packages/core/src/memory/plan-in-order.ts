import { fail } from '../errors/anvil-error.js';
import { planDoesNotFit } from '../errors/builders.js';
import { buildPlan } from './build-plan.js';
import { placeInOrder, toPlacements } from './first-fit.js';
import type { BufferRequest, MemoryPlan, PlanningProblem } from './problem.js';

/** Places in `order` (first fit) and builds the plan, or fails naming the buffer that fit in no pool. */
export function planInOrder(planner: string, problem: PlanningProblem, order: readonly BufferRequest[], startMs: number): MemoryPlan {
  const result = placeInOrder(problem, order);
  if (!result.ok) {
    const pools = problem.pools.filter((p) => result.failed.pools.includes(p.name));
    const capacity = pools.reduce((s, p) => s + p.size, 0);
    fail(planDoesNotFit(`${result.failed.pools.join('/')} (placing ${result.failed.name})`, result.failed.bytes, capacity));
  }
  return buildPlan(planner, problem, toPlacements(result.placed), startMs);
}
