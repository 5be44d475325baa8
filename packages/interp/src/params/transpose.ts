import { transposePerm } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { inputTensor, outputTensor } from './node-tensors.js';
import { denseStridesOf } from './strided-copy.js';
import type { StridedCopyParams } from './strided-copy.js';

/** reference_ops::Transpose: output axis k walks input axis perm[k]. */
export function transposeParams(node: NodeOf<'TRANSPOSE'>, graph: Graph): StridedCopyParams {
  const x = inputTensor(node, graph, 0);
  const inStrides = denseStridesOf(x.shape);
  const perm = transposePerm(node, graph);
  return { outputShape: outputTensor(node, graph, 0).shape, inputStrides: perm.map((p) => inStrides[p] as number), base: 0 };
}
