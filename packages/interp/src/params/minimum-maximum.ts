import type { Graph, NodeOf } from '@anvil/core';
import { inputTensor, outputTensor } from './node-tensors.js';

/** MINIMUM and MAXIMUM need only the shapes: one shared quantization, raw values compared. */
export interface MinMaxParams {
  readonly input1Shape: readonly number[];
  readonly input2Shape: readonly number[];
  readonly outputShape: readonly number[];
}

export function minMaxParams(node: NodeOf<'MINIMUM'> | NodeOf<'MAXIMUM'>, graph: Graph): MinMaxParams {
  return {
    input1Shape: inputTensor(node, graph, 0).shape,
    input2Shape: inputTensor(node, graph, 1).shape,
    outputShape: outputTensor(node, graph, 0).shape,
  };
}
