import { fail, isAnvilError } from '../errors/anvil-error.js';
import type { AnvilError } from '../errors/anvil-error.js';
import { plannerNotFound } from '../errors/builders.js';
import type { MemoryPlanner } from './memory-planner.js';
import type { MemoryPlan, PlanningProblem } from './problem.js';
import { planTotal } from './build-plan.js';
import { validatePlan } from './validate-plan.js';

/** The pseudo-planner `compile` uses by default: the best plan of every registered planner. */
export const AUTO_PLANNER = 'auto';

/** The searching planners' (ilp) time limit under `auto` when none is given: about a second. */
export const AUTO_TIME_LIMIT_MS = 1000;

/** One planner's outcome inside `auto`: its plan, or the error that says the pools cannot hold it. */
interface Outcome {
  readonly planner: MemoryPlanner;
  readonly plan?: MemoryPlan;
  readonly error?: AnvilError;
}

/** Each `autoPlanner` and the planners it combines. */
const autoParts = new WeakMap<MemoryPlanner, readonly MemoryPlanner[]>();

/** The planners `auto` combines: every registered one but another `auto`. */
function components(planners: readonly MemoryPlanner[]): MemoryPlanner[] {
  return planners.filter((p) => p.name !== AUTO_PLANNER && !autoParts.has(p));
}

/** Runs one planner for `auto`; a plan that does not fit the pools becomes an outcome, not a throw. */
function attempt(planner: MemoryPlanner, problem: PlanningProblem, timeLimitMs: number | undefined, warmStart?: MemoryPlan): Outcome {
  try {
    const plan = planner.plan(problem, {
      seed: 1,
      ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
      ...(warmStart === undefined ? {} : { warmStart }),
    });
    validatePlan(problem, plan);
    return { planner, plan };
  } catch (e) {
    if (!isAnvilError(e) || e.code !== 'PLAN_DOES_NOT_FIT') throw e;
    return { planner, error: e };
  }
}

/** The smallest plan of these outcomes; the first in registration order wins a tie. */
function smallest(outcomes: readonly Outcome[]): Outcome | undefined {
  let best: Outcome | undefined;
  for (const o of outcomes) {
    if (o.plan !== undefined && (best?.plan === undefined || planTotal(o.plan) < planTotal(best.plan))) best = o;
  }
  return best;
}

/**
 * `auto`'s choice among the outcomes: the smallest heuristic plan, replaced by a searcher's
 * (warm-start planner's, i.e. ilp's) only when strictly smaller. A searcher that proves a plan
 * of the same size optimal lends the winner its proof. The plan is named `auto (WINNER)`.
 * Undefined when no planner made a plan.
 */
export function chooseAuto(
  outcomes: ReadonlyArray<{ readonly planner: MemoryPlanner; readonly plan?: MemoryPlan }>,
  solveMs: number,
): MemoryPlan | undefined {
  const heuristics = outcomes.filter((o) => o.planner.usesWarmStart !== true);
  const searchers = outcomes.filter((o) => o.planner.usesWarmStart === true);
  let best = smallest(heuristics);
  let proof: { by: string; proof: string } | undefined;
  for (const s of searchers) {
    if (s.plan === undefined) continue;
    if (best?.plan === undefined || planTotal(s.plan) < planTotal(best.plan)) {
      best = s;
      proof = undefined;
    } else if (planTotal(s.plan) === planTotal(best.plan) && s.plan.optimal && !best.plan.optimal && proof === undefined)
      proof = { by: s.planner.name, proof: s.plan.proof ?? 'proved no smaller plan exists' };
  }
  if (best?.plan === undefined) return undefined;
  const plan = best.plan;
  const claim = plan.optimal
    ? plan.proof === undefined
      ? {}
      : { proof: `${best.planner.name}: ${plan.proof}` }
    : proof === undefined
      ? {}
      : { optimal: true, gap: 0, proof: `${proof.by}: ${proof.proof}` };
  return { ...plan, planner: `${AUTO_PLANNER} (${best.planner.name})`, solveMs, ...claim };
}

/**
 * `auto`: every heuristic planner (those without `usesWarmStart`) in registration order, with
 * no time limit (their budgets are fixed, so their plans never depend on the clock); the
 * smallest valid plan is kept (the first registered wins a tie) and, when it is not already
 * proven optimal, every searching planner (`usesWarmStart`: ilp) starts from it within
 * `timeLimitMs` (default `AUTO_TIME_LIMIT_MS`, shared among the searchers). The strictly
 * smallest plan wins, named `auto (WINNER)`; when a searcher proves it optimal, it says so.
 *
 * Deterministic: the heuristic part always. The searcher's part is whenever it finishes
 * within the limit (it proves the optimum or answers "no smaller plan"): then the size and
 * the claim depend only on the problem. Only a search cut short by the limit can depend on
 * the machine's speed, and even then the plan is never larger than the best heuristic plan.
 */
export function planAuto(planners: readonly MemoryPlanner[], problem: PlanningProblem, timeLimitMs: number | undefined): MemoryPlan {
  const start = performance.now();
  const all = components(planners);
  const outcomes: Outcome[] = [];
  for (const p of all.filter((x) => x.usesWarmStart !== true)) {
    const o = attempt(p, problem, undefined);
    outcomes.push(o);
    if (o.plan?.optimal === true) break; // nothing can beat a proven optimum
  }
  const warm = smallest(outcomes)?.plan;
  if (warm?.optimal !== true) {
    const searchers = all.filter((x) => x.usesWarmStart === true);
    const deadline = performance.now() + (timeLimitMs ?? AUTO_TIME_LIMIT_MS);
    searchers.forEach((p, k) => {
      const share = Math.max(1, Math.round((deadline - performance.now()) / (searchers.length - k)));
      outcomes.push(attempt(p, problem, share, warm));
    });
  }
  const plan = chooseAuto(outcomes, performance.now() - start);
  if (plan !== undefined) return plan;
  // No plan fits the pools: the first planner's reason, as that planner alone would give it.
  const failed = outcomes.find((o) => o.error !== undefined)?.error;
  if (failed !== undefined) throw failed;
  return fail(plannerNotFound(AUTO_PLANNER, []));
}

/** `auto` as a planner over these planners, for lists that compare planners (`anvil plan`). */
export function autoPlanner(planners: readonly MemoryPlanner[]): MemoryPlanner {
  const parts = components(planners);
  const auto: MemoryPlanner = {
    name: AUTO_PLANNER,
    plan: (problem, options) => planAuto(parts, problem, options.timeLimitMs),
  };
  autoParts.set(auto, parts);
  return auto;
}

/** The planners an `autoPlanner` combines, or undefined when `p` is not one. */
export function autoComponents(p: MemoryPlanner): readonly MemoryPlanner[] | undefined {
  return autoParts.get(p);
}

/** The planners with `auto` added (when no planner of that name is registered): what `anvil plan` lists. */
export function withAuto(planners: readonly MemoryPlanner[]): MemoryPlanner[] {
  return planners.some((p) => p.name === AUTO_PLANNER) ? [...planners] : [...planners, autoPlanner(planners)];
}
