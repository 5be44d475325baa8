import { errors, fail } from '@anvil/core';
import { FLASH } from './memory-options.js';
import type { OffloadReport, PlanningProblem, Pool, PoolUsage, Program } from '@anvil/core';

/** Buffers an offloaded region reads or writes: its inputs, its outputs and its scratch. */
export function offloadBuffers(program: Program): Set<number> {
  const ids = new Set<number>();
  for (const step of program.steps) {
    if (step.op !== 'OFFLOAD_REGION') continue;
    const node = program.graph.nodes[step.nodeId];
    for (const t of [...(node?.inputs ?? []), ...(node?.outputs ?? [])]) {
      const b = program.tensorBuffer.get(t);
      if (b !== undefined) ids.add(b);
    }
    if (step.workspace !== undefined) ids.add(step.workspace);
  }
  return ids;
}

/** True when `--pool` named a RAM pool (anything but `flash`, which only bounds the weights). */
export function userRamPools(pools: readonly string[]): boolean {
  return pools.some((p) => !p.startsWith(`${FLASH}:`));
}

/**
 * The NPU reaches memory over its own bus, so every buffer a region touches must sit in a pool
 * with `npu` access. The default arena (no --pool given) is the system SRAM an Ethos-U system
 * puts on that bus, so it gains `npu`; pools the user listed are taken as given.
 */
export function restrictToNpuPools(problem: PlanningProblem, program: Program, userPools: boolean): PlanningProblem {
  const touched = offloadBuffers(program);
  if (touched.size === 0) return problem;
  const pools: Pool[] = problem.pools.map((p) => (userPools || p.access.includes('npu') ? p : { ...p, access: [...p.access, 'npu'] }));
  const reachable = new Set(pools.filter((p) => p.access.includes('npu')).map((p) => p.name));
  const buffers = problem.buffers.map((b) => {
    if (!touched.has(b.id)) return b;
    const allowed = b.pools.filter((p) => reachable.has(p));
    if (allowed.length === 0) {
      fail(
        errors.cliBadArgument(
          `buffer "${b.name}" is read or written by the NPU, but no pool it may use has npu access`,
          'give a pool npu access, e.g. --pool sram:256KiB:cpu+dma+npu',
        ),
      );
    }
    return { ...b, pools: allowed };
  });
  return { ...problem, pools, buffers };
}

/**
 * The CPU's weights and the offloader's flash (command streams, encoded weights) share the
 * flash pool; the CPU side was checked alone, this checks both together.
 */
export function checkFlashWithOffload(flash: PoolUsage, report: OffloadReport): void {
  const npu = report.details['flashBytes'];
  const total = flash.used + (typeof npu === 'number' ? npu : 0);
  if (total > flash.capacity) fail(errors.planDoesNotFit('flash (weights and NPU command streams)', total, flash.capacity));
}
