import { fail, isAnvilError } from '../errors/anvil-error.js';
import { plannerNotFound } from '../errors/builders.js';
import type { MemoryPlanner } from './memory-planner.js';
import type { MemoryPlan, PlanningProblem } from './problem.js';
import { planTotal } from './build-plan.js';
import { validatePlan } from './validate-plan.js';

/** One planner's outcome: a plan, or why the pools could not hold it. */
export interface PlannerResult {
  readonly planner: string;
  readonly plan?: MemoryPlan;
  readonly error?: string;
}

export function findPlanner(planners: readonly MemoryPlanner[], name: string): MemoryPlanner {
  const planner = planners.find((p) => p.name === name);
  if (planner === undefined)
    fail(
      plannerNotFound(
        name,
        planners.map((p) => p.name),
      ),
    );
  return planner;
}

/** Runs one planner and validates its plan: no plan is used unchecked. */
export function runPlanner(
  planner: MemoryPlanner,
  problem: PlanningProblem,
  timeLimitMs: number | undefined,
  warmStart?: MemoryPlan,
): MemoryPlan {
  const plan = planner.plan(problem, {
    seed: 1,
    ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
    ...(warmStart === undefined ? {} : { warmStart }),
  });
  validatePlan(problem, plan);
  return plan;
}

/**
 * Runs the given planners; those that take a warm start run last and start from the best
 * plan of the others. A planner that cannot fit the pools gives its error instead of a plan.
 */
export function runPlanners(all: readonly MemoryPlanner[], problem: PlanningProblem, timeLimitMs: number | undefined): PlannerResult[] {
  const results = new Map<string, PlannerResult>();
  const ordered = [...all.filter((p) => p.usesWarmStart !== true), ...all.filter((p) => p.usesWarmStart === true)];
  for (const planner of ordered) {
    const plans = [...results.values()].flatMap((r) => (r.plan === undefined ? [] : [r.plan]));
    const warm = plans.sort((a, b) => planTotal(a) - planTotal(b))[0];
    try {
      results.set(planner.name, { planner: planner.name, plan: runPlanner(planner, problem, timeLimitMs, warm) });
    } catch (e) {
      if (!isAnvilError(e) || e.code !== 'PLAN_DOES_NOT_FIT') throw e;
      results.set(planner.name, { planner: planner.name, error: e.message });
    }
  }
  return all.map((p) => results.get(p.name) ?? { planner: p.name });
}

/** Plans with the named planner; one that takes a warm start gets the best plan of the others first. */
export function planWith(
  planners: readonly MemoryPlanner[],
  name: string,
  problem: PlanningProblem,
  timeLimitMs: number | undefined,
): MemoryPlan {
  const planner = findPlanner(planners, name);
  if (planner.usesWarmStart !== true) return runPlanner(planner, problem, timeLimitMs);
  const others = planners.filter((p) => p.usesWarmStart !== true);
  const plan = runPlanners([...others, planner], problem, timeLimitMs).find((r) => r.planner === planner.name)?.plan;
  return plan ?? runPlanner(planner, problem, timeLimitMs);
}
