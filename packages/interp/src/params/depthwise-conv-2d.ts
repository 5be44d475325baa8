import type { Graph, NodeOf } from '@anvil/core';
import { convWindowParams } from './conv-window.js';
import type { ConvWindowParams } from './conv-window.js';

export interface DepthwiseConv2dParams extends ConvWindowParams {
  readonly depthMultiplier: number;
}

export function depthwiseConv2dParams(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph): DepthwiseConv2dParams {
  return { ...convWindowParams(node, graph, 3), depthMultiplier: node.attrs.depthMultiplier };
}
