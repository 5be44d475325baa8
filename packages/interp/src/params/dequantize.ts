import type { Graph, NodeOf } from '@anvil/core';
import { inputTensor, tensorQuant } from './node-tensors.js';
import type { TensorQuant } from './node-tensors.js';

export type DequantizeParams = TensorQuant;

export function dequantizeParams(node: NodeOf<'DEQUANTIZE'>, graph: Graph): DequantizeParams {
  return tensorQuant(node, inputTensor(node, graph, 0), 'input');
}
