import { stridedSliceAxes } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { inputTensor } from './node-tensors.js';
import { denseStridesOf } from './strided-copy.js';
import type { StridedCopyParams } from './strided-copy.js';

/**
 * reference_ops::StridedSlice: each kept axis from its resolved start by its stride; a shrunk
 * axis contributes only its start to the base offset.
 */
export function stridedSliceParams(node: NodeOf<'STRIDED_SLICE'>, graph: Graph): StridedCopyParams {
  const inStrides = denseStridesOf(inputTensor(node, graph, 0).shape);
  const axes = stridedSliceAxes(node, graph);
  const base = axes.reduce((b, a, k) => b + a.start * (inStrides[k] as number), 0);
  const kept = axes.flatMap((a, k) => (a.shrink ? [] : [{ n: a.count, s: a.stride * (inStrides[k] as number) }]));
  return { outputShape: kept.map((a) => a.n), inputStrides: kept.map((a) => a.s), base };
}
