import { alignUp, buildPlan, lowerBound, planFloor, planInOrder, planTotal, validatePlan } from '@anvil/core';
import type { BufferRequest, MemoryPlan, MemoryPlanner, Placement, PlannerOptions, PlanningProblem, Pool } from '@anvil/core';
import { highsSolver } from './highs-solver.js';
import { lpSolver } from './lp-solver.js';
import type { MipSolver } from './mip.js';
import { offsetVar, placementMip } from './placement-mip.js';

export const DEFAULT_TIME_LIMIT_MS = 10_000;

/** A solver and the share of the remaining time it gets before the next one takes over. */
export interface SolverStage {
  readonly solver: MipSolver;
  readonly share: number;
}

/**
 * javascript-lp-solver first (a quarter of the time: it settles the easy cases quickly),
 * then HiGHS from the best plan found so far with the rest: the pure-JS solver fails to
 * prove some 14-buffer problems in seconds that HiGHS proves in milliseconds.
 */
export const DEFAULT_STAGES: readonly SolverStage[] = [
  { solver: lpSolver, share: 0.25 },
  { solver: highsSolver, share: 1 },
];

/** The incumbent: the given warm start when valid and smaller, else largest-first first fit. */
function incumbent(problem: PlanningProblem, options: PlannerOptions, start: number): MemoryPlan {
  const own = planInOrder(
    'ilp',
    problem,
    [...problem.buffers].sort((a, b) => b.bytes - a.bytes || a.id - b.id),
    start,
  );
  const warm = options.warmStart;
  if (warm === undefined || planTotal(warm) >= planTotal(own)) return own;
  try {
    validatePlan(problem, warm);
    return warm;
  } catch {
    return own;
  }
}

interface PoolResult {
  readonly placements: readonly Placement[];
  readonly proven: boolean;
  readonly by?: string;
}

function endOf(placements: readonly Placement[], buffers: readonly BufferRequest[], pool: Pool): number {
  const bytes = new Map(buffers.map((b) => [b.id, b.bytes]));
  return alignUp(Math.max(0, ...placements.map((p) => p.offset + (bytes.get(p.buffer) ?? 0))), pool.alignment);
}

/**
 * Re-places one pool's buffers, asking each solver in turn for a plan one alignment step
 * smaller than the best so far. "Infeasible" proves the best so far optimal; a proven
 * solution is optimal itself; an unproven one becomes the new best for the next solver.
 */
function solvePool(
  pool: Pool,
  buffers: readonly BufferRequest[],
  current: readonly Placement[],
  stages: readonly SolverStage[],
  deadline: number,
): PoolResult {
  const sub: PlanningProblem = { pools: [pool], buffers, steps: Math.max(1, ...buffers.map((b) => b.lastStep + 1)) };
  const floor = alignUp(lowerBound(sub).bytes, pool.alignment);
  let best = current;
  for (const [k, { solver, share }] of stages.entries()) {
    const used = endOf(best, buffers, pool);
    if (used <= floor || buffers.length === 0) return { placements: best, proven: true, by: 'bound' };
    // Solvers check their clock only now and then: one that overran leaves no time to the next.
    if (k > 0 && performance.now() >= deadline) break;
    const ms = Math.max(1, (deadline - performance.now()) * share);
    const outcome = solver.solve(
      placementMip({ buffers, poolAlignment: pool.alignment, upper: used, target: used - pool.alignment, floor }),
      ms,
    );
    if (outcome.status === 'infeasible') return { placements: best, proven: true, by: solver.name };
    if (outcome.status === 'solved') {
      best = buffers.map((b) => ({
        buffer: b.id,
        pool: pool.name,
        offset: Math.round(outcome.values.get(offsetVar(b.id)) ?? 0) * b.alignment,
      }));
      if (outcome.proven) return { placements: best, proven: true, by: solver.name };
    }
  }
  return { placements: best, proven: endOf(best, buffers, pool) <= floor };
}

/**
 * Exact placement: the incumbent (warm start or first fit) fixes which pool each buffer is
 * in; each pool is then solved as a MIP for a plan at least one alignment step smaller.
 * The plan is optimal when the bound is met, or when every pool was proven and no buffer
 * had a choice of pool (otherwise the assignment itself was not searched). Otherwise it is
 * the best found, with its gap to the lower bound.
 */
export function planIlp(
  problem: PlanningProblem,
  options: PlannerOptions = {},
  stages: readonly SolverStage[] = DEFAULT_STAGES,
): MemoryPlan {
  const start = performance.now();
  const deadline = start + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  const best = incumbent(problem, options, start);
  if (planTotal(best) <= planFloor(problem)) return buildPlan('ilp', problem, best.placements, start);
  const byId = new Map(problem.buffers.map((b) => [b.id, b]));
  const placements: Placement[] = [];
  const provers = new Set<string>();
  let allProven = true;
  problem.pools.forEach((pool, k) => {
    const mine = best.placements.filter((p) => p.pool === pool.name);
    const buffers = mine.map((p) => byId.get(p.buffer)).filter((b): b is BufferRequest => b !== undefined);
    // Later pools keep a fair part of the time: this pool gets its share of what is left.
    const poolDeadline = performance.now() + (deadline - performance.now()) / (problem.pools.length - k);
    const r = solvePool(pool, buffers, mine, stages, poolDeadline);
    placements.push(...r.placements);
    allProven &&= r.proven;
    if (r.by !== undefined && r.by !== 'bound') provers.add(r.by);
  });
  let plan = buildPlan('ilp', problem, placements, start);
  try {
    validatePlan(problem, plan);
  } catch {
    // A numerically wrong solver answer: keep the incumbent and claim nothing.
    plan = buildPlan('ilp', problem, best.placements, start);
    allProven = false;
  }
  if (plan.optimal) return plan;
  const forced = problem.pools.length === 1 || problem.buffers.every((b) => b.pin !== undefined || b.pools.length === 1);
  if (allProven && forced) return { ...plan, optimal: true, gap: 0, proof: `${[...provers].join(' + ')} proved no smaller plan exists` };
  return plan;
}

export const ilpPlanner: MemoryPlanner = {
  name: 'ilp',
  usesWarmStart: true,
  plan: (problem, options) => planIlp(problem, options),
};
