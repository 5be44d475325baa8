import { axisWindow, nodeLabel } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { activationRangeInt8 } from './activation-range.js';
import { inputTensor, outputTensor, shape4, tensorQuant } from './node-tensors.js';

type Shape4 = readonly [number, number, number, number];

export interface Pool2dParams {
  readonly inputShape: Shape4;
  readonly outputShape: Shape4;
  readonly filterH: number;
  readonly filterW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly activationMin: number;
  readonly activationMax: number;
}

/** Shared by AVERAGE_POOL_2D and MAX_POOL_2D; pooling never rescales (same quantization in and out). */
export function pool2dParams(node: NodeOf<'AVERAGE_POOL_2D'> | NodeOf<'MAX_POOL_2D'>, graph: Graph): Pool2dParams {
  const x = inputTensor(node, graph, 0);
  const y = outputTensor(node, graph, 0);
  const inputShape = shape4(x);
  const a = node.attrs;
  const rows = axisWindow(a.padding, inputShape[1], a.filterH, a.strideH, 1);
  const cols = axisWindow(a.padding, inputShape[2], a.filterW, a.strideW, 1);
  const range = activationRangeInt8(a.activation, tensorQuant(node, y, 'output'), nodeLabel(node));
  return {
    inputShape,
    outputShape: shape4(y),
    filterH: a.filterH,
    filterW: a.filterW,
    strideH: a.strideH,
    strideW: a.strideW,
    padTop: rows.before,
    padLeft: cols.before,
    activationMin: range.min,
    activationMax: range.max,
  };
}
