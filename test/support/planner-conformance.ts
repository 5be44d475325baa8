import { expect } from 'vitest';
import { lowerBound, planFloor, planTotal, validatePlan } from '@anvil/core';
import type { MemoryPlan, MemoryPlanner, PlanningProblem } from '@anvil/core';
import { runPlanners } from '@anvil/core';

export interface ConformanceOptions {
  /** ILP time limit: bounded so the suite stays fast. */
  readonly timeLimitMs: number;
}

/**
 * The contract every planner meets on `problem`, checked for all of them at once: each plan
 * is valid (the core validator: placed once, aligned, in its pools, pins honoured, no live
 * overlap), none is below the lower bound, pinned buffers sit where pinned, a plan claimed
 * optimal is not beaten by any other, and the warm-started planners (ilp) are never worse
 * than the best heuristic. Returns the plans by planner name.
 */
export function checkPlanners(
  planners: readonly MemoryPlanner[],
  problem: PlanningProblem,
  o: ConformanceOptions,
): Map<string, MemoryPlan> {
  const results = runPlanners(planners, problem, o.timeLimitMs);
  const plans = new Map<string, MemoryPlan>();
  for (const r of results) {
    expect(r.error, `${r.planner} failed on a problem the pools can hold`).toBeUndefined();
    if (r.plan !== undefined) plans.set(r.planner, r.plan);
  }
  expect(plans.size).toBe(planners.length);
  const bound = lowerBound(problem).bytes;
  const floor = planFloor(problem);
  const best = Math.min(...[...plans.values()].map(planTotal));
  for (const [name, plan] of plans) {
    validatePlan(problem, plan);
    expect(plan.planner).toBe(name);
    expect(planTotal(plan), `${name} is below the lower bound`).toBeGreaterThanOrEqual(Math.max(bound, floor));
    for (const b of problem.buffers) {
      if (b.pin === undefined) continue;
      const at = plan.placements.find((p) => p.buffer === b.id);
      expect(at?.pool, `${name} moved pinned ${b.name}`).toBe(b.pin.pool);
      if (b.pin.offset !== undefined) expect(at?.offset, `${name} moved pinned ${b.name}`).toBe(b.pin.offset);
    }
    if (plan.optimal) expect(planTotal(plan), `${name} claims optimal but another plan is smaller`).toBe(best);
    if (plan.optimal) expect(plan.gap ?? 0).toBe(0);
  }
  const heuristics = planners.filter((p) => p.usesWarmStart !== true).map((p) => planTotal(plans.get(p.name) as MemoryPlan));
  for (const p of planners.filter((x) => x.usesWarmStart === true)) {
    expect(planTotal(plans.get(p.name) as MemoryPlan), `${p.name} is worse than a heuristic`).toBeLessThanOrEqual(Math.min(...heuristics));
  }
  return plans;
}
