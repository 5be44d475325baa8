import {
  MemoryPlannerToken,
  PinResolverToken,
  checkBudget,
  defaultPools,
  errors,
  fail,
  isAnvilError,
  lowerGraph,
  minPeakSchedule,
  planTotal,
  problemFromProgram,
  resolveAllOrNone,
  validatePlan,
  weightPool,
} from '@anvil/core';
import type {
  BufferRequest,
  Graph,
  KernelStrategy,
  MemoryPlan,
  MemoryPlanner,
  PlanningProblem,
  PoolUsage,
  Program,
  ScheduleChoice,
  Target,
} from '@anvil/core';
import type { DependencyContainer } from 'tsyringe';
import { parsePin, poolsFrom } from './memory-options.js';

/** Memory options shared by compile, run and plan. */
export interface MemoryOptions {
  /** `--pool name:size[:access]` as given. */
  readonly pools?: readonly string[];
  /** `--pin PATTERN=TARGET` as given. */
  readonly pins?: readonly string[];
  /** Choose the operator order with the lowest peak (`--reorder`). */
  readonly reorder?: boolean;
  /** Time limit for searching planners (ms). */
  readonly timeLimitMs?: number;
}

export interface PreparedMemory {
  readonly program: Program;
  /** Present with `--reorder`: the order chosen and the peaks before and after. */
  readonly schedule?: ScheduleChoice;
  /** The problem every planner sees: pins applied, application-owned buffers removed. */
  readonly problem: PlanningProblem;
  readonly appOwned: readonly BufferRequest[];
  /** The weights, stacked in flash. */
  readonly flash: PoolUsage;
}

/**
 * Scheduler → lowering → planning problem: the stored order (or, with reorder, the order
 * with the lowest peak), then pools and pins, then the budget check that refuses with the
 * numbers what no planner could meet.
 */
export function prepareMemory(
  container: DependencyContainer,
  graph: Graph,
  strategies: readonly KernelStrategy[],
  target: Target,
  o: MemoryOptions,
): PreparedMemory {
  const stored = lowerGraph(
    graph,
    graph.nodes.map((n) => n.id),
    strategies,
    target,
  );
  const schedule = o.reorder === true ? minPeakSchedule(stored) : undefined;
  const program =
    schedule === undefined || schedule.peakAfter >= schedule.peakBefore ? stored : lowerGraph(graph, schedule.order, strategies, target);
  const pools = poolsFrom(o.pools ?? [], target.arenaAlignment, defaultPools(target.arenaAlignment));
  // 16: the emitted C aligns every weight array to 16 bytes (ANVIL_ALIGNED(16)).
  const flash = weightPool(graph, 16, pools.flash);
  if (flash.used > flash.capacity) fail(errors.planDoesNotFit('flash (weights)', flash.used, flash.capacity));
  let problem = problemFromProgram(program, pools.ram);
  let appOwned: readonly BufferRequest[] = [];
  const pins = (o.pins ?? []).map(parsePin);
  if (pins.length > 0) {
    const resolver = resolveAllOrNone(container, PinResolverToken)[0];
    if (resolver === undefined) fail(errors.cliBadArgument('--pin needs a pin resolver plugin', 'load @anvil/planner-pinning'));
    ({ problem, appOwned } = resolver.apply(problem, pins));
  }
  checkBudget(problem);
  return { program, ...(schedule === undefined ? {} : { schedule }), problem, appOwned, flash };
}

export function findPlanner(container: DependencyContainer, name: string): MemoryPlanner {
  const planners = resolveAllOrNone(container, MemoryPlannerToken);
  const planner = planners.find((p) => p.name === name);
  if (planner === undefined)
    fail(
      errors.plannerNotFound(
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
 * Runs the named planners; those that take a warm start run last and start from the best
 * plan of the others. A planner that cannot fit the pools gives its error instead of a plan.
 */
export function runPlanners(
  all: readonly MemoryPlanner[],
  problem: PlanningProblem,
  timeLimitMs: number | undefined,
): Array<{ planner: string; plan?: MemoryPlan; error?: string }> {
  const results = new Map<string, { planner: string; plan?: MemoryPlan; error?: string }>();
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
  container: DependencyContainer,
  name: string,
  problem: PlanningProblem,
  timeLimitMs: number | undefined,
): MemoryPlan {
  const planner = findPlanner(container, name);
  if (planner.usesWarmStart !== true) return runPlanner(planner, problem, timeLimitMs);
  const others = resolveAllOrNone(container, MemoryPlannerToken).filter((p) => p.usesWarmStart !== true);
  const plan = runPlanners([...others, planner], problem, timeLimitMs).find((r) => r.planner === planner.name)?.plan;
  return plan ?? runPlanner(planner, problem, timeLimitMs);
}
