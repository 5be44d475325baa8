import { fail, isAnvilError } from '../errors/anvil-error.js';
import { plannerNotFound } from '../errors/builders.js';
import type { MemoryPlanner } from './memory-planner.js';
import type { MemoryPlan, PlanningProblem } from './problem.js';
import { planTotal } from './build-plan.js';
import { validatePlan } from './validate-plan.js';
import { AUTO_PLANNER, autoComponents, chooseAuto, planAuto } from './auto-planner.js';

export { AUTO_PLANNER, AUTO_TIME_LIMIT_MS, autoPlanner, chooseAuto, planAuto, withAuto } from './auto-planner.js';

/** One planner's outcome: a plan, or why the pools could not hold it. */
export interface PlannerResult {
  readonly planner: string;
  readonly plan?: MemoryPlan;
  readonly error?: string;
}

/** Planner names with the pseudo-planner `auto`, which is always available. */
function withAutoName(names: readonly string[]): string[] {
  return names.includes(AUTO_PLANNER) ? [...names] : [...names, AUTO_PLANNER];
}

export function findPlanner(planners: readonly MemoryPlanner[], name: string): MemoryPlanner {
  const planner = planners.find((p) => p.name === name);
  if (planner === undefined) fail(plannerNotFound(name, withAutoName(planners.map((p) => p.name))));
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
 * An `autoPlanner` (see `withAuto`) listed with every planner it combines is not run again:
 * its plan is chosen from theirs, as it would choose (the same warm start, the same rules).
 */
export function runPlanners(all: readonly MemoryPlanner[], problem: PlanningProblem, timeLimitMs: number | undefined): PlannerResult[] {
  const results = new Map<string, PlannerResult>();
  const derived = all.filter((p) => autoComponents(p)?.every((c) => all.includes(c)) === true);
  const rest = all.filter((p) => !derived.includes(p));
  const ordered = [...rest.filter((p) => p.usesWarmStart !== true), ...rest.filter((p) => p.usesWarmStart === true)];
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
  for (const auto of derived) {
    const outcomes = (autoComponents(auto) ?? []).map((p) => ({ ...results.get(p.name), planner: p }));
    const solveMs = outcomes.reduce((s, o) => s + (o.plan?.solveMs ?? 0), 0);
    const plan = chooseAuto(outcomes, solveMs);
    const error = outcomes.find((o) => o.error !== undefined)?.error ?? 'no planner made a plan';
    results.set(auto.name, plan === undefined ? { planner: auto.name, error } : { planner: auto.name, plan });
  }
  return all.map((p) => results.get(p.name) ?? { planner: p.name });
}

/**
 * Plans with the named planner; one that takes a warm start gets the best plan of the others
 * first. `auto` (unless a planner of that name is registered) is `planAuto` over them all.
 */
export function planWith(
  planners: readonly MemoryPlanner[],
  name: string,
  problem: PlanningProblem,
  timeLimitMs: number | undefined,
): MemoryPlan {
  if (name === AUTO_PLANNER && !planners.some((p) => p.name === AUTO_PLANNER)) {
    const plan = planAuto(planners, problem, timeLimitMs);
    validatePlan(problem, plan);
    return plan;
  }
  const planner = findPlanner(planners, name);
  if (planner.usesWarmStart !== true) return runPlanner(planner, problem, timeLimitMs);
  const others = planners.filter((p) => p.usesWarmStart !== true);
  const plan = runPlanners([...others, planner], problem, timeLimitMs).find((r) => r.planner === planner.name)?.plan;
  return plan ?? runPlanner(planner, problem, timeLimitMs);
}
