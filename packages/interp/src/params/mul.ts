import { nodeLabel } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { activationRangeInt8 } from './activation-range.js';
import { inputTensor, outputTensor, tensorQuant } from './node-tensors.js';
import { requantMultiplier } from './requant-multiplier.js';

export interface MulParams {
  readonly input1Shape: readonly number[];
  readonly input2Shape: readonly number[];
  readonly outputShape: readonly number[];
  readonly input1Offset: number;
  readonly input2Offset: number;
  readonly outputOffset: number;
  readonly outputMultiplier: number;
  readonly outputShift: number;
  readonly activationMin: number;
  readonly activationMax: number;
}

/** CalculateOpDataMul (TFLM mul_common.cc): one rescale of the product, s1 * s2 / so in double. */
export function mulParams(node: NodeOf<'MUL'>, graph: Graph): MulParams {
  const label = nodeLabel(node);
  const a = inputTensor(node, graph, 0);
  const b = inputTensor(node, graph, 1);
  const y = outputTensor(node, graph, 0);
  const qa = tensorQuant(node, a, 'input 0');
  const qb = tensorQuant(node, b, 'input 1');
  const qy = tensorQuant(node, y, 'output');
  const m = requantMultiplier((qa.scale * qb.scale) / qy.scale, label, 'output');
  const range = activationRangeInt8(node.attrs.activation, qy, label);
  return {
    input1Shape: a.shape,
    input2Shape: b.shape,
    outputShape: y.shape,
    input1Offset: -qa.zeroPoint,
    input2Offset: -qb.zeroPoint,
    outputOffset: qy.zeroPoint,
    outputMultiplier: m.multiplier,
    outputShift: m.shift,
    activationMin: range.min,
    activationMax: range.max,
  };
}
