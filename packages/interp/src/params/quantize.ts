import { nodeLabel, requantRoundingOf } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { inputTensor, outputTensor, tensorQuant } from './node-tensors.js';
import { requantMultiplier } from './requant-multiplier.js';

/** float32 → int8 (AffineQuantize). */
export interface AffineQuantizeParams {
  readonly kind: 'affine';
  /** The output's float32 scale; the kernel divides by it in float32. */
  readonly scale: number;
  readonly zeroPoint: number;
}

/** int8 → int8 (Requantize). */
export interface RequantizeParams {
  readonly kind: 'requantize';
  readonly inputZeroPoint: number;
  readonly outputZeroPoint: number;
  readonly multiplier: number;
  readonly shift: number;
}

export type QuantizeParams = AffineQuantizeParams | RequantizeParams;

/**
 * PrepareQuantizeReference (TFLM quantize_common.cc): an int8 input gets the multiplier
 * (double)input_scale / (double)output_scale; a float input is divided by the output scale.
 */
export function quantizeParams(node: NodeOf<'QUANTIZE'>, graph: Graph): QuantizeParams {
  const x = inputTensor(node, graph, 0);
  const qy = tensorQuant(node, outputTensor(node, graph, 0), 'output');
  if (x.dtype === 'float32') return { kind: 'affine', scale: qy.scale, zeroPoint: qy.zeroPoint };
  const qx = tensorQuant(node, x, 'input');
  const m = requantMultiplier(qx.scale / qy.scale, nodeLabel(node), 'requantize', { rounding: requantRoundingOf(graph), bound: 255 });
  return { kind: 'requantize', inputZeroPoint: qx.zeroPoint, outputZeroPoint: qy.zeroPoint, multiplier: m.multiplier, shift: m.shift };
}
