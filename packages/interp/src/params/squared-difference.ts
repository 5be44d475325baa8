import { errors, fail, nodeLabel } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { quantizeMultiplierSmallerThanOneExp } from '../fixed-point/quantize-multiplier.js';
import type { QuantizedMultiplier } from '../fixed-point/quantize-multiplier.js';
import { inputTensor, outputTensor, tensorQuant } from './node-tensors.js';

/** TFLM's int8 SQUARED_DIFFERENCE lifts the inputs by 2^7: the difference squared still fits int32. */
export const SQUARED_DIFFERENCE_LEFT_SHIFT = 7;

export interface SquaredDifferenceParams {
  readonly input1Shape: readonly number[];
  readonly input2Shape: readonly number[];
  readonly outputShape: readonly number[];
  readonly leftShift: number;
  readonly input1Offset: number;
  readonly input2Offset: number;
  readonly outputOffset: number;
  readonly input1Multiplier: number;
  /** <= 0: a right shift, as every shift here. */
  readonly input1Shift: number;
  readonly input2Multiplier: number;
  readonly input2Shift: number;
  readonly outputMultiplier: number;
  readonly outputShift: number;
}

/**
 * The int8 preparation of TFLM squared_difference.cc: both inputs to twice the larger input
 * scale (as ADD), and the square of that common scale over 2^14 to the output's. Only
 * multipliers below one are taken (then TFLM's output rescale is one rounding high multiply
 * and one rounding shift, whichever helper it calls); larger ones are refused, not guessed.
 */
export function squaredDifferenceParams(node: NodeOf<'SQUARED_DIFFERENCE'>, graph: Graph): SquaredDifferenceParams {
  const label = nodeLabel(node);
  const a = inputTensor(node, graph, 0);
  const b = inputTensor(node, graph, 1);
  const y = outputTensor(node, graph, 0);
  const qa = tensorQuant(node, a, 'input 0');
  const qb = tensorQuant(node, b, 'input 1');
  const qy = tensorQuant(node, y, 'output');
  const twiceMax = 2 * Math.max(qa.scale, qb.scale);
  const reals = {
    input1: qa.scale / twiceMax,
    input2: qb.scale / twiceMax,
    output: (twiceMax * twiceMax) / (2 ** (2 * SQUARED_DIFFERENCE_LEFT_SHIFT) * qy.scale),
  };
  const get = (what: keyof typeof reals): QuantizedMultiplier => {
    const q = quantizeMultiplierSmallerThanOneExp(reals[what]);
    if (q === undefined)
      fail(errors.opQuantizationInvalid(label, `${what} rescale ${reals[what]} is not in (0, 1); the output scale is too small`));
    return q;
  };
  const m1 = get('input1');
  const m2 = get('input2');
  const mo = get('output');
  return {
    input1Shape: a.shape,
    input2Shape: b.shape,
    outputShape: y.shape,
    leftShift: SQUARED_DIFFERENCE_LEFT_SHIFT,
    input1Offset: -qa.zeroPoint,
    input2Offset: -qb.zeroPoint,
    outputOffset: qy.zeroPoint,
    input1Multiplier: m1.multiplier,
    input1Shift: m1.shift,
    input2Multiplier: m2.multiplier,
    input2Shift: m2.shift,
    outputMultiplier: mo.multiplier,
    outputShift: mo.shift,
  };
}
