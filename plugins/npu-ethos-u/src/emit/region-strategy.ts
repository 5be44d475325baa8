import type { KernelStrategy } from '@anvil/core';
import type { EthosUOffloader } from '../offloader.js';
import { isOurRegion } from '../offloader.js';
import { regionSource } from './region-source.js';

/** Lowers this offloader's OFFLOAD_REGION nodes to an NPU invocation; claims nothing else. */
export function regionStrategy(offloader: EthosUOffloader): KernelStrategy {
  return {
    name: 'ethos-u/region',
    backend: 'ethos-u',
    tier: 'offload',
    claim: (node) => (isOurRegion(node) ? 0 : undefined),
    workspaceBytes: (node) => (isOurRegion(node) ? offloader.compile(node).scratchBytes : 0),
    emit(node, ctx) {
      if (!isOurRegion(node)) throw new Error(`ethos-u/region asked to emit ${node.op}`);
      return {
        source: regionSource(ctx.functionName, node, ctx.graph, offloader.compile(node)),
        includes: ['anvil/npu.h'],
      };
    },
  };
}
