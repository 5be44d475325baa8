import { gatherAxis, nodeLabel } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { inputTensor } from './node-tensors.js';

/** The params seen as [outerSize][axisSize][innerSize]; indexCount indices pick along the middle. */
export interface GatherParams {
  readonly outerSize: number;
  readonly axisSize: number;
  readonly innerSize: number;
  readonly indexCount: number;
  /** Names the node in the error an out-of-range index raises. */
  readonly label: string;
}

export function gatherParams(node: NodeOf<'GATHER'>, graph: Graph): GatherParams {
  const x = inputTensor(node, graph, 0);
  const axis = gatherAxis(node, graph);
  return {
    outerSize: x.shape.slice(0, axis).reduce((a, d) => a * d, 1),
    axisSize: x.shape[axis] as number,
    innerSize: x.shape.slice(axis + 1).reduce((a, d) => a * d, 1),
    indexCount: inputTensor(node, graph, 1).shape.reduce((a, d) => a * d, 1),
    label: nodeLabel(node),
  };
}
