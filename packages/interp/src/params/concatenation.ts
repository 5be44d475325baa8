import { concatAxis } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { inputTensor } from './node-tensors.js';

export interface ConcatenationParams {
  /** Product of the extents before the axis: how many slabs each input contributes. */
  readonly outerSize: number;
  /** Bytes per slab of each input (its extents from the axis on). */
  readonly inputSlabSizes: readonly number[];
}

/** int8 concatenation with one shared quantization is a byte interleave (TFLM copies). */
export function concatenationParams(node: NodeOf<'CONCATENATION'>, graph: Graph): ConcatenationParams {
  const first = inputTensor(node, graph, 0);
  const axis = concatAxis(node.attrs.axis, first.shape.length);
  const outerSize = first.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inputSlabSizes = node.inputs.map((_, i) =>
    inputTensor(node, graph, i)
      .shape.slice(axis)
      .reduce((p, d) => p * d, 1),
  );
  return { outerSize, inputSlabSizes };
}
