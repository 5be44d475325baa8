import { partitionRegions } from '@anvil/core';
import type { Graph, Node, OffloadPartition } from '@anvil/core';
import { CONSTRAINTS } from '../spec/constraints.js';
import type { NpuConfig } from '../spec/npu-config.js';
import { configKey } from '../spec/npu-configs.js';
import { REGION } from '../stream/format.js';
import { checkNode } from './check-node.js';

export const OFFLOADER_NAME = 'ethos-u';

/** Nodes of each region that would address more base pointers than the hardware has, with the reason. */
function overAddressed(partition: OffloadPartition): Map<number, string> {
  const refused = new Map<number, string>();
  for (const r of partition.regions) {
    const node = partition.graph.nodes[r.regionNode];
    if (node === undefined) continue;
    const pointers = REGION.firstIo + node.inputs.length + node.outputs.length;
    if (pointers <= CONSTRAINTS.basePointersMax) continue;
    const reason =
      `its region needs ${pointers} base pointers (weights, scratch, ${node.inputs.length} inputs, ` +
      `${node.outputs.length} outputs); the NPU has ${CONSTRAINTS.basePointersMax}`;
    for (const id of r.nodes) refused.set(id, reason);
  }
  return refused;
}

/**
 * Regions of the nodes this configuration runs (each records it, system included); every other
 * node keeps its reason. A region that would need more base pointers than the hardware has is
 * refused as a whole (its nodes run on the CPU and say why), and the rest partitioned again.
 */
export function partitionGraph(graph: Graph, config: NpuConfig): OffloadPartition {
  const refused = new Map<number, string>();
  const judge = (node: Node, g: Graph): string | undefined => refused.get(node.id) ?? checkNode(node, g, config);
  for (;;) {
    const partition = partitionRegions(graph, OFFLOADER_NAME, configKey(config), judge);
    const more = overAddressed(partition);
    if (more.size === 0) return partition;
    for (const [id, reason] of more) refused.set(id, reason);
  }
}
