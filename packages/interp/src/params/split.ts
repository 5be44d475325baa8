import { packAxis, splitAxis } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { inputTensor } from './node-tensors.js';

/**
 * The input seen as [outerSize][sum of slabs] bytes: output j takes slab j of every outer
 * row. SPLIT and UNPACK are both this (UNPACK's outputs just lose the axis).
 */
export interface SplitParams {
  readonly outerSize: number;
  readonly slabs: readonly number[];
}

function slabsAlong(shape: readonly number[], axis: number, parts: number): SplitParams {
  const outerSize = shape.slice(0, axis).reduce((a, d) => a * d, 1);
  const inner = shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const slab = ((shape[axis] as number) / parts) * inner;
  return { outerSize, slabs: new Array<number>(parts).fill(slab) };
}

/** reference_ops::Split (TFLM split.cc): equal parts along the constant axis. */
export function splitParams(node: NodeOf<'SPLIT'>, graph: Graph): SplitParams {
  return slabsAlong(inputTensor(node, graph, 1).shape, splitAxis(node, graph), node.outputs.length);
}

/** reference_ops::Unpack: one part per index of the axis. */
export function unpackParams(node: NodeOf<'UNPACK'>, graph: Graph): SplitParams {
  const shape = inputTensor(node, graph, 0).shape;
  return slabsAlong(shape, packAxis(node, shape.length), node.outputs.length);
}
