import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { minMaxParams } from '@anvil/interp';
import { binaryLayout } from './elementwise.js';

/** int8 MINIMUM: `anvil_minimum_s8.h`, only the broadcast layout (one shared quantization). */
export function emitMinimum(node: NodeOf<'MINIMUM'>, graph: Graph): KernelCall {
  return { function: 'anvil_minimum_s8', operands: [0, 1], params: binaryLayout(node, minMaxParams(node, graph)) };
}

/** int8 MAXIMUM: `anvil_maximum_s8.h`. */
export function emitMaximum(node: NodeOf<'MAXIMUM'>, graph: Graph): KernelCall {
  return { function: 'anvil_maximum_s8', operands: [0, 1], params: binaryLayout(node, minMaxParams(node, graph)) };
}
