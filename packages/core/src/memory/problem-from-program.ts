import type { Program } from '../lowering/program.js';
import type { PlanningProblem, Pool } from './problem.js';

/** The default single arena: one cpu pool, as large as needed unless a budget is given. */
export function defaultPools(alignment: number, budget = Number.POSITIVE_INFINITY): Pool[] {
  return [{ name: 'sram', size: budget, alignment, access: ['cpu', 'dma'] }];
}

/** Every program buffer becomes a request that may go to any of the given pools (in order). */
export function problemFromProgram(program: Program, pools: readonly Pool[]): PlanningProblem {
  return {
    pools,
    buffers: program.buffers.map((b) => ({
      id: b.id,
      name: b.name,
      bytes: b.bytes,
      alignment: b.alignment,
      firstStep: b.firstStep,
      lastStep: b.lastStep,
      pools: pools.map((p) => p.name),
    })),
    steps: Math.max(1, program.steps.length),
  };
}
