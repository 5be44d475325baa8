import type { Graph, Node, NodeOf, Offloader, OffloadPartition, OffloadReport } from '@anvil/core';
import type { CompiledRegion, ScratchPlanner } from './compile/compile-region.js';
import { compileRegion } from './compile/compile-region.js';
import { OFFLOADER_NAME, partitionGraph } from './partition/partition-graph.js';
import { npuRuntimeFiles } from './emit/runtime-files.js';
import { regionSummary } from './perf/region-summary.js';
import { NPU_CONFIGS, npuConfig } from './spec/npu-configs.js';

export function isOurRegion(node: Node): node is NodeOf<'OFFLOAD_REGION'> {
  return node.op === 'OFFLOAD_REGION' && node.attrs.offloader === OFFLOADER_NAME;
}

/**
 * The Ethos-U style offloader. Compiling a region is pure but not cheap (weight encoding), so
 * results are kept per region node for the life of the offloader (one compilation).
 */
export class EthosUOffloader implements Offloader {
  readonly name = OFFLOADER_NAME;
  readonly configs = NPU_CONFIGS.map((c) => c.name);
  private readonly compiled = new WeakMap<object, CompiledRegion>();

  constructor(private readonly planScratch: ScratchPlanner) {}

  partition(graph: Graph, config: string): OffloadPartition {
    return partitionGraph(graph, npuConfig(config));
  }

  compile(node: NodeOf<'OFFLOAD_REGION'>): CompiledRegion {
    const hit = this.compiled.get(node.attrs);
    if (hit !== undefined) return hit;
    const r = compileRegion(node, npuConfig(node.attrs.config), this.planScratch);
    this.compiled.set(node.attrs, r);
    return r;
  }

  runtimeFiles(): { path: string; content: string }[] {
    return npuRuntimeFiles();
  }

  report(graph: Graph): OffloadReport {
    const regions = graph.nodes.filter(isOurRegion);
    return regionSummary(
      graph,
      regions.map((n) => ({ node: n, compiled: this.compile(n) })),
    );
  }
}
