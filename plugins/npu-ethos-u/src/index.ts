import { MemoryPlannerToken, OffloaderToken, planInOrder, provide, resolveAllOrNone } from '@anvil/core';
import type { AnvilPlugin, PlanningProblem } from '@anvil/core';
import type { ScratchPlanner } from './compile/compile-region.js';
import { EthosUOffloader } from './offloader.js';

export { EthosUOffloader, isOurRegion } from './offloader.js';
export type { EthosURegion } from './offloader.js';
export { compileRegion, SCRATCH_POOL } from './compile/compile-region.js';
export type { CompiledRegion, ScratchPlanner } from './compile/compile-region.js';
export { NPU_ACCELERATORS, NPU_CONFIGS, SYSTEM_SEPARATOR, configKey, npuConfig } from './spec/npu-configs.js';
export type { MicroBlock, NpuAccelerator, NpuConfig } from './spec/npu-config.js';
export { NPU_SYSTEMS, RATE_SCALE, parseSystem } from './spec/npu-system.js';
export type { NpuSystem } from './spec/npu-system.js';
export { CONSTRAINTS } from './spec/constraints.js';
export { checkNode } from './partition/check-node.js';
export { partitionGraph, OFFLOADER_NAME } from './partition/partition-graph.js';
export { encodeWeights } from './weights/encode-weights.js';
export { decodeWeights } from './weights/decode-weights.js';
export { opCost, regionCycles } from './perf/cycle-model.js';
export { NPU_RUNTIME_DIR, npuRuntimeFiles } from './emit/runtime-files.js';
export * as streamFormat from './stream/format.js';
export { CommandWriter } from './stream/command-writer.js';

/** Core's first fit, largest buffer first: the scratch planner when no planner plugin is loaded. */
export const firstFitScratch: ScratchPlanner = (problem: PlanningProblem) =>
  planInOrder(
    'first-fit (largest first)',
    problem,
    [...problem.buffers].sort((a, b) => b.bytes - a.bytes || a.id - b.id),
    performance.now(),
  );

/**
 * Registers the offloader; the compile pipeline lowers the regions it compiles. The NPU
 * scratch is planned by the greedy-by-size planner when a planner plugin provides it.
 */
export const plugin: AnvilPlugin = {
  name: '@anvil/npu-ethos-u',
  version: '0.1.0',
  register(container) {
    const planScratch: ScratchPlanner = (problem) => {
      const planner = resolveAllOrNone(container, MemoryPlannerToken).find((p) => p.name === 'greedy-by-size');
      return planner === undefined ? firstFitScratch(problem) : planner.plan(problem, { seed: 1 });
    };
    const offloader = new EthosUOffloader(planScratch);
    provide(container, OffloaderToken, () => offloader);
  },
};
