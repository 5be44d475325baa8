import { partitionRegions } from '@anvil/core';
import type { Graph, OffloadPartition } from '@anvil/core';
import type { NpuConfig } from '../spec/npu-config.js';
import { checkNode } from './check-node.js';

export const OFFLOADER_NAME = 'ethos-u';

/** Regions of the nodes this configuration runs; every other node keeps its reason. */
export function partitionGraph(graph: Graph, config: NpuConfig): OffloadPartition {
  return partitionRegions(graph, OFFLOADER_NAME, config.name, (node, g) => checkNode(node, g, config));
}
