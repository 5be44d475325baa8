import type { Graph, NodeOf } from '@anvil/core';
import { convWindowParams } from './conv-window.js';
import type { ConvWindowParams } from './conv-window.js';

/** Everything the int8 CONV_2D kernel needs, as plain numbers (what a C emitter bakes). */
export type Conv2dParams = ConvWindowParams;

export function conv2dParams(node: NodeOf<'CONV_2D'>, graph: Graph): Conv2dParams {
  return convWindowParams(node, graph, 0);
}
