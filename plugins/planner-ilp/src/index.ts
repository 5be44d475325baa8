import { MemoryPlannerToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { ilpPlanner } from './ilp-planner.js';

export { ilpPlanner, planIlp, DEFAULT_TIME_LIMIT_MS, DEFAULT_STAGES } from './ilp-planner.js';
export type { SolverStage } from './ilp-planner.js';
export { lpSolver } from './lp-solver.js';
export { highsSolver, highsUnavailable, lpText } from './highs-solver.js';
export { placementMip } from './placement-mip.js';
export type { Mip, MipSolver, MipOutcome, MipVariable, MipConstraint } from './mip.js';

export const plugin: AnvilPlugin = {
  name: '@anvil/planner-ilp',
  version: '0.1.0',
  register(container) {
    container.register(MemoryPlannerToken, { useValue: ilpPlanner });
  },
};
