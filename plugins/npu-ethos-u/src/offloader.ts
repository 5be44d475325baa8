import type { CompiledRegion as OffloadedRegion, Graph, Node, NodeOf, Offloader, OffloadPartition, OffloadReport } from '@anvil/core';
import type { CompiledRegion, ScratchPlanner } from './compile/compile-region.js';
import { compileRegion } from './compile/compile-region.js';
import { OFFLOADER_NAME, partitionGraph } from './partition/partition-graph.js';
import { npuRuntimeFiles } from './emit/runtime-files.js';
import { regionSource } from './emit/region-source.js';
import { regionSummary } from './perf/region-summary.js';
import { NPU_CONFIGS, npuConfig } from './spec/npu-configs.js';

export function isOurRegion(node: Node): node is NodeOf<'OFFLOAD_REGION'> {
  return node.op === 'OFFLOAD_REGION' && node.attrs.offloader === OFFLOADER_NAME;
}

/** A region compiled for the NPU, in the form the compile pipeline carries forward. */
export type EthosURegion = CompiledRegion & OffloadedRegion;

/**
 * The Ethos-U style offloader. The pipeline compiles each region once and hands the result
 * to lowering, emission and the report, so nothing here is kept between calls.
 */
export class EthosUOffloader implements Offloader<EthosURegion> {
  readonly name = OFFLOADER_NAME;
  readonly configs = NPU_CONFIGS.map((c) => c.name);
  // The NPU reaches SRAM over its own bus: buffers a region touches must be in pools it reaches.
  readonly access = 'npu' as const;

  constructor(private readonly planScratch: ScratchPlanner) {}

  partition(graph: Graph, config: string): OffloadPartition {
    return partitionGraph(graph, npuConfig(config));
  }

  compile(node: NodeOf<'OFFLOAD_REGION'>): EthosURegion {
    const r = compileRegion(node, npuConfig(node.attrs.config), this.planScratch);
    return {
      ...r,
      flashBytes: r.weights.length + 4 * r.commandStream.length,
      emit: (ctx) => ({ source: regionSource(ctx.functionName, node, ctx.graph, r), includes: ['anvil/npu.h'] }),
    };
  }

  runtimeFiles(): { path: string; content: string }[] {
    return npuRuntimeFiles();
  }

  report(
    graph: Graph,
    regions: ReadonlyArray<{ readonly node: NodeOf<'OFFLOAD_REGION'>; readonly compiled: EthosURegion }>,
  ): OffloadReport {
    return regionSummary(graph, regions);
  }
}
