import { partitionRegions } from '@anvil/core';
import type { Graph, OffloadPartition } from '@anvil/core';
import type { NpuConfig } from '../spec/npu-config.js';
import { configKey } from '../spec/npu-configs.js';
import { checkNode } from './check-node.js';

export const OFFLOADER_NAME = 'ethos-u';

/** Regions of the nodes this configuration runs (each records it, system included); every other node keeps its reason. */
export function partitionGraph(graph: Graph, config: NpuConfig): OffloadPartition {
  return partitionRegions(graph, OFFLOADER_NAME, configKey(config), (node, g) => checkNode(node, g, config));
}
