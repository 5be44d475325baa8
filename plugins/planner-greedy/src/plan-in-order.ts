import { buildPlan, errors, fail } from '@anvil/core';
import type { BufferRequest, MemoryPlan, PlanningProblem } from '@anvil/core';
import { placeInOrder, toPlacements } from './first-fit.js';

/** Places in `order` and builds the plan, or fails with the buffer that fit in no pool. */
export function planInOrder(planner: string, problem: PlanningProblem, order: readonly BufferRequest[], startMs: number): MemoryPlan {
  const result = placeInOrder(problem, order);
  if (!result.ok) {
    const pools = problem.pools.filter((p) => result.failed.pools.includes(p.name));
    const capacity = pools.reduce((s, p) => s + p.size, 0);
    fail(errors.planDoesNotFit(`${result.failed.pools.join('/')} (placing ${result.failed.name})`, result.failed.bytes, capacity));
  }
  return buildPlan(planner, problem, toPlacements(result.placed), startMs);
}
