import { nodeLabel } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { inputTensor, outputTensor, tensorQuant } from './node-tensors.js';
import { requantMultiplier } from './requant-multiplier.js';

export interface RsqrtParams {
  readonly inputZeroPoint: number;
  readonly outputZeroPoint: number;
  /** 1 / (√input_scale · output_scale) as QuantizeMultiplier gives it. */
  readonly multiplier: number;
  readonly shift: number;
}

/**
 * SetRsqrtOutputMultiplier (TFLM elementwise.cc): `1. / (std::sqrt(input_scale) * output_scale)`
 * with float scales. std::sqrt of a float is the float overload and the product is a float
 * product; only the division is in double. sqrtf is correctly rounded, as is rounding the
 * double root to float, so Math.fround reproduces both steps.
 */
export function rsqrtParams(node: NodeOf<'RSQRT'>, graph: Graph): RsqrtParams {
  const qx = tensorQuant(node, inputTensor(node, graph, 0), 'input');
  const qy = tensorQuant(node, outputTensor(node, graph, 0), 'output');
  const inputScale = Math.fround(qx.scale);
  const outputScale = Math.fround(qy.scale);
  const real = 1 / Math.fround(Math.fround(Math.sqrt(inputScale)) * outputScale);
  const m = requantMultiplier(real, nodeLabel(node), 'output');
  return { inputZeroPoint: qx.zeroPoint, outputZeroPoint: qy.zeroPoint, multiplier: m.multiplier, shift: m.shift };
}
