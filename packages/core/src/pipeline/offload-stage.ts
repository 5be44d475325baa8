import { fail } from '../errors/anvil-error.js';
import { cliBadArgument } from '../errors/builders.js';
import type { KernelEmitContext } from '../extension/kernel-strategy.js';
import type { CompiledRegion, Offloader, OffloadPartition, OffloadReport } from '../extension/offloader.js';
import { offloadConfigName } from '../extension/offloader.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import type { StepKernel } from '../lowering/program.js';
import { verifyGraph } from '../passes/verify-graph.js';

/** Per node of the graph given to the offloader: where it runs and, on the CPU, why. */
export interface NodePlacement {
  readonly node: number;
  readonly op: string;
  readonly name: string;
  readonly unit: 'npu' | 'cpu';
  readonly region?: number;
  readonly reason?: string;
}

/** The offload stage's result: the partition, each region compiled once, and the offloader's report. */
export interface Offloaded {
  readonly offloader: Offloader;
  readonly partition: OffloadPartition;
  /** Compiled regions by OFFLOAD_REGION node id (in the partitioned graph). */
  readonly regions: ReadonlyMap<number, CompiledRegion>;
  readonly placements: readonly NodePlacement[];
  readonly report: OffloadReport;
}

export function findOffloader(offloaders: readonly Offloader[], config: string): Offloader {
  const o = offloaders.find((x) => x.configs.includes(offloadConfigName(config)));
  if (o !== undefined) return o;
  const known = offloaders.flatMap((x) => x.configs);
  fail(
    cliBadArgument(
      `no offloader offers the NPU configuration "${config}"`,
      known.length > 0 ? `choose one of: ${known.join(', ')}` : 'load an offloader plugin (--plugin or anvil.config.json)',
    ),
  );
}

/** Partitions the graph for `config`, compiles every region the offloader made, and says where each node runs. */
export function offloadGraph(offloaders: readonly Offloader[], graph: Graph, config: string): Offloaded {
  const offloader = findOffloader(offloaders, config);
  const partition = offloader.partition(graph, config);
  verifyGraph(partition.graph);
  const mine = partition.graph.nodes.filter(
    (n): n is NodeOf<'OFFLOAD_REGION'> => n.op === 'OFFLOAD_REGION' && n.attrs.offloader === offloader.name,
  );
  const compiled = mine.map((node) => ({ node, compiled: offloader.compile(node, partition.graph) }));
  const placements = partition.decisions.map((d): NodePlacement => {
    const n = graph.nodes[d.nodeId];
    const base = { node: d.nodeId, op: n?.op ?? '?', name: n === undefined ? '' : nodeLabel(n) };
    return d.region === undefined ? { ...base, unit: 'cpu', reason: d.reason ?? '' } : { ...base, unit: 'npu', region: d.region };
  });
  return {
    offloader,
    partition,
    regions: new Map(compiled.map((r) => [r.node.id, r.compiled])),
    placements,
    report: offloader.report(partition.graph, compiled),
  };
}

/** A compiled region as the kernel of its step: its scratch is the workspace, reachable by the accelerator. */
export function regionKernel(offloader: Offloader, region: CompiledRegion): StepKernel {
  return {
    name: `${offloader.name}/region`,
    backend: offloader.name,
    workspaceBytes: region.scratchBytes,
    access: [offloader.access],
    emit: (ctx: KernelEmitContext) => region.emit(ctx),
  };
}
