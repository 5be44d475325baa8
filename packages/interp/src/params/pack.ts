import { packAxis } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import type { ConcatenationParams } from './concatenation.js';
import { inputTensor } from './node-tensors.js';

/**
 * reference_ops::Pack is a concatenation of the inputs each given a unit axis: every input
 * contributes one slab (its extents from the axis on) per outer index.
 */
export function packParams(node: NodeOf<'PACK'>, graph: Graph): ConcatenationParams {
  const shape = inputTensor(node, graph, 0).shape;
  const axis = packAxis(node, shape.length + 1);
  const outerSize = shape.slice(0, axis).reduce((a, d) => a * d, 1);
  const slab = shape.slice(axis).reduce((a, d) => a * d, 1);
  return { outerSize, inputSlabSizes: node.inputs.map(() => slab) };
}
