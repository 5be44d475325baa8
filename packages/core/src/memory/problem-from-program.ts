import { fail } from '../errors/anvil-error.js';
import { cliBadArgument } from '../errors/builders.js';
import type { Program } from '../lowering/program.js';
import type { PlanningProblem, Pool, PoolAccess } from './problem.js';

/**
 * The default single arena: one pool, as large as needed unless a budget is given. `extra`
 * adds who else sits on its bus: with an NPU it is the system SRAM the NPU reaches too.
 */
export function defaultPools(alignment: number, budget = Number.POSITIVE_INFINITY, extra: readonly PoolAccess[] = []): Pool[] {
  return [{ name: 'sram', size: budget, alignment, access: ['cpu', 'dma', ...extra.filter((a) => a !== 'cpu' && a !== 'dma')] }];
}

/**
 * Every program buffer becomes a request that may go to any pool that the CPU (the kernels
 * run on it) and whoever else touches the buffer can reach, in the order given: list faster
 * pools first and they fill first.
 */
export function problemFromProgram(program: Program, pools: readonly Pool[]): PlanningProblem {
  const tensorName = (id: number): string => program.graph.tensors[id]?.name ?? `t${id}`;
  return {
    pools,
    buffers: program.buffers.map((b) => {
      const usable = pools.filter((p) => ['cpu' as const, ...b.access].every((a) => p.access.includes(a))).map((p) => p.name);
      if (usable.length === 0) {
        const who = b.access.join('+');
        fail(
          cliBadArgument(
            `buffer "${b.name}" is read or written by the ${who.toUpperCase()}, but no pool it may use has ${who} access`,
            `give a pool ${who} access, e.g. --pool sram:256KiB:cpu+dma+${who}`,
          ),
        );
      }
      return {
        id: b.id,
        name: b.name,
        bytes: b.bytes,
        alignment: b.alignment,
        firstStep: b.firstStep,
        lastStep: b.lastStep,
        pools: usable,
        kind: b.kind,
        aliases: b.tensors.slice(1).map(tensorName),
      };
    }),
    steps: Math.max(1, program.steps.length),
  };
}
