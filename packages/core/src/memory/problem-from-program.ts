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

/** The pool persistent buffers (model state) go to: theirs alone, kept between invocations. */
export const PERSISTENT_POOL = 'persistent';

/** The persistent pool a program with state needs: unbounded unless the user gave one. */
export function persistentPool(alignment: number): Pool {
  return { name: PERSISTENT_POOL, size: Number.POSITIVE_INFINITY, alignment, access: ['cpu'] };
}

/**
 * Every program buffer becomes a request that may go to any pool that the CPU (the kernels
 * run on it) and whoever else touches the buffer can reach, in the order given: list faster
 * pools first and they fill first.
 */
export function problemFromProgram(program: Program, pools: readonly Pool[]): PlanningProblem {
  const tensorName = (id: number): string => program.graph.tensors[id]?.name ?? `t${id}`;
  // Every buffer is the CPU's too (its kernels, the input and output copies, the base
  // pointers an NPU is handed), so a pool it cannot reach could hold nothing at all.
  const unreachable = pools.find((p) => !p.access.includes('cpu'));
  if (unreachable !== undefined) {
    const { name, size, access } = unreachable;
    fail(
      cliBadArgument(
        `pool ${name} (${size} bytes, access ${access.join('+') || 'none'}) can hold nothing: the CPU cannot reach it, and it reads or writes every buffer`,
        `add cpu to its access: --pool ${name}:${size}:${['cpu', ...access.filter((a) => a !== 'cpu')].join('+')}`,
      ),
    );
  }
  return {
    pools,
    buffers: program.buffers.map((b) => {
      const need = ['cpu' as const, ...b.access.filter((a) => a !== 'cpu')];
      // State and scratch never share a pool: state must outlive the run, scratch is reused.
      const ofKind = pools.filter((p) => (p.name === PERSISTENT_POOL) === (b.kind === 'persistent'));
      const usable = ofKind.filter((p) => need.every((a) => p.access.includes(a))).map((p) => p.name);
      if (b.kind === 'persistent' && usable.length === 0) {
        fail(
          cliBadArgument(
            `state "${b.name}" needs the ${PERSISTENT_POOL} pool, which is missing or not reachable by the CPU`,
            `leave the ${PERSISTENT_POOL} pool to Anvil, or give it cpu access`,
          ),
        );
      }
      if (usable.length === 0) {
        // Every pool has cpu access (checked above), so what is missing is someone else's.
        const who = need.slice(1).join('+');
        const example = pools[0] !== undefined && Number.isFinite(pools[0].size) ? `${pools[0].name}:${pools[0].size}` : 'sram:256KiB';
        fail(
          cliBadArgument(
            `buffer "${b.name}" is read or written by the ${who.toUpperCase()}, but no pool it may use has ${who} access`,
            `give a pool ${who} access, e.g. --pool ${example}:cpu+dma+${who}`,
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
