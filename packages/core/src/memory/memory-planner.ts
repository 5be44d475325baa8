import { token } from '../extension/token.js';
import type { MemoryPlan, PlanningProblem } from './problem.js';

export interface PlannerOptions {
  /** Seed for planners that search randomly; the same seed gives the same plan. */
  readonly seed?: number;
  readonly timeLimitMs?: number;
}

/**
 * A memory planner: a pure function of the problem. Ties are broken by buffer id so the
 * same problem always yields the same plan. Every plan goes through `validatePlan`.
 */
export interface MemoryPlanner {
  readonly name: string;
  plan(problem: PlanningProblem, options: PlannerOptions): MemoryPlan;
}

/** Multi-provider: planners are chosen by name (`--planner`). */
export const MemoryPlannerToken = token<MemoryPlanner>('MemoryPlanner');
