import { expect } from 'vitest';
import { lowerBound, planFloor, planTotal, runPlanners, validatePlan } from '@anvil/core';
import type { MemoryPlan, MemoryPlanner, PlanningProblem } from '@anvil/core';

export interface CheckPlannersOptions {
  /** Time limit handed to searching planners (ms): bounded so a suite stays fast. */
  readonly timeLimitMs: number;
}

/**
 * The contract every planner meets on `problem`, checked for all the given planners at once
 * (run as the compiler runs them: warm-started ones last, from the others' best plan). Each
 * plan is valid (core's validator: placed once, aligned, in its pools, pins honoured, no live
 * overlap), none is below the lower bound, pinned buffers sit where pinned, and a plan claimed
 * optimal has no gap and is not beaten by any other. When both kinds are given, planners that
 * take a warm start are never worse than the best of the others. One planner alone is
 * checkable: nothing here needs a built-in one. Returns the plans by planner name.
 */
export function checkPlanners(
  planners: readonly MemoryPlanner[],
  problem: PlanningProblem,
  o: CheckPlannersOptions,
): Map<string, MemoryPlan> {
  const results = runPlanners(planners, problem, o.timeLimitMs);
  const plans = new Map<string, MemoryPlan>();
  for (const r of results) {
    expect(r.error, `${r.planner} failed on a problem the pools can hold`).toBeUndefined();
    if (r.plan !== undefined) plans.set(r.planner, r.plan);
  }
  expect(plans.size, 'every planner returns a plan (and planner names are distinct)').toBe(planners.length);
  const bound = lowerBound(problem).bytes;
  const floor = planFloor(problem);
  const best = Math.min(...[...plans.values()].map(planTotal));
  for (const [name, plan] of plans) {
    validatePlan(problem, plan);
    expect(plan.planner, 'a plan names the planner that made it').toBe(name);
    expect(planTotal(plan), `${name} is below the lower bound`).toBeGreaterThanOrEqual(Math.max(bound, floor));
    for (const b of problem.buffers) {
      if (b.pin === undefined) continue;
      const at = plan.placements.find((p) => p.buffer === b.id);
      expect(at?.pool, `${name} moved pinned ${b.name}`).toBe(b.pin.pool);
      if (b.pin.offset !== undefined) expect(at?.offset, `${name} moved pinned ${b.name}`).toBe(b.pin.offset);
    }
    if (plan.optimal) expect(planTotal(plan), `${name} claims optimal but another plan is smaller`).toBe(best);
    if (plan.optimal) expect(plan.gap ?? 0, `${name} claims optimal with a gap`).toBe(0);
  }
  const heuristics = planners.filter((p) => p.usesWarmStart !== true).map((p) => planTotal(plans.get(p.name) as MemoryPlan));
  if (heuristics.length === 0) return plans;
  for (const p of planners.filter((x) => x.usesWarmStart === true)) {
    expect(planTotal(plans.get(p.name) as MemoryPlan), `${p.name} is worse than a heuristic`).toBeLessThanOrEqual(Math.min(...heuristics));
  }
  return plans;
}
