import { token } from '../extension/token.js';
import type { MemoryPlan, PlanningProblem } from './problem.js';

export interface PlannerOptions {
  /** Seed for planners that search randomly; the same seed gives the same plan. */
  readonly seed?: number;
  /** Wall-clock budget for planners that search; they return the best plan found by then. */
  readonly timeLimitMs?: number;
  /** A valid plan from another planner for the same problem: a start and an upper bound. */
  readonly warmStart?: MemoryPlan;
}

/**
 * A memory planner: a pure function of the problem. Ties are broken by buffer id so the
 * same problem always yields the same plan. Every plan goes through `validatePlan`.
 */
export interface MemoryPlanner {
  readonly name: string;
  /** True when the planner makes use of `warmStart` (callers then run the others first). */
  readonly usesWarmStart?: boolean;
  plan(problem: PlanningProblem, options: PlannerOptions): MemoryPlan;
}

/** Multi-provider: planners are chosen by name (`--planner`). */
export const MemoryPlannerToken = token<MemoryPlanner>('MemoryPlanner');
