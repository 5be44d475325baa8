import type { Program } from '../lowering/program.js';
import type { PlanningProblem, Pool } from './problem.js';

/** The default single arena: one cpu pool, as large as needed unless a budget is given. */
export function defaultPools(alignment: number, budget = Number.POSITIVE_INFINITY): Pool[] {
  return [{ name: 'sram', size: budget, alignment, access: ['cpu', 'dma'] }];
}

/**
 * Every program buffer becomes a request that may go to any pool the cpu can reach (the
 * kernels run on it), in the order given: list faster pools first and they fill first.
 */
export function problemFromProgram(program: Program, pools: readonly Pool[]): PlanningProblem {
  const usable = pools.filter((p) => p.access.includes('cpu')).map((p) => p.name);
  const tensorName = (id: number): string => program.graph.tensors[id]?.name ?? `t${id}`;
  return {
    pools,
    buffers: program.buffers.map((b) => ({
      id: b.id,
      name: b.name,
      bytes: b.bytes,
      alignment: b.alignment,
      firstStep: b.firstStep,
      lastStep: b.lastStep,
      pools: usable,
      kind: b.kind,
      aliases: b.tensors.slice(1).map(tensorName),
    })),
    steps: Math.max(1, program.steps.length),
  };
}
