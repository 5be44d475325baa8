import { errors, fail } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { quantizeMultiplierSmallerThanOneExp } from '../fixed-point/quantize-multiplier.js';
import type { QuantizedMultiplier } from '../fixed-point/quantize-multiplier.js';
import { binaryOperands } from './binary-operands.js';
import type { BinaryOperands } from './binary-operands.js';
import type { TensorQuant } from './node-tensors.js';

/** TFLM's int8 ADD lifts both inputs by 2^20 before rescaling them to a common scale. */
export const ADD_LEFT_SHIFT = 20;

export interface AddParams extends BinaryOperands {
  readonly leftShift: number;
  readonly input1Multiplier: number;
  /** <= 0: a right shift. */
  readonly input1Shift: number;
  readonly input2Multiplier: number;
  readonly input2Shift: number;
  readonly outputMultiplier: number;
  readonly outputShift: number;
}

export interface AddRescale {
  readonly input1: QuantizedMultiplier;
  readonly input2: QuantizedMultiplier;
  readonly output: QuantizedMultiplier;
}

/**
 * CalculateOpDataAdd (TFLM add_common.cc): both inputs are rescaled to twice the larger input
 * scale, the sum to the output scale over 2^20. Each multiplier must be in (0, 1), or TFLM's
 * QuantizeMultiplierSmallerThanOneExp CHECK aborts; we raise an error instead.
 */
export function addRescale(in1: TensorQuant, in2: TensorQuant, out: TensorQuant, label: string): AddRescale {
  const twiceMaxInputScale = 2 * Math.max(in1.scale, in2.scale);
  const reals = {
    input1: in1.scale / twiceMaxInputScale,
    input2: in2.scale / twiceMaxInputScale,
    output: twiceMaxInputScale / (2 ** ADD_LEFT_SHIFT * out.scale),
  };
  const get = (what: keyof typeof reals): QuantizedMultiplier => {
    const q = quantizeMultiplierSmallerThanOneExp(reals[what]);
    if (q === undefined)
      fail(errors.opQuantizationInvalid(label, `${what} rescale ${reals[what]} is not in (0, 1); TFLite rejects these scales`));
    return q;
  };
  return { input1: get('input1'), input2: get('input2'), output: get('output') };
}

export function addParams(node: NodeOf<'ADD'>, graph: Graph): AddParams {
  const { operands, qa, qb, qy, label } = binaryOperands(node, graph);
  const r = addRescale(qa, qb, qy, label);
  return {
    ...operands,
    leftShift: ADD_LEFT_SHIFT,
    input1Multiplier: r.input1.multiplier,
    input1Shift: r.input1.shift,
    input2Multiplier: r.input2.multiplier,
    input2Shift: r.input2.shift,
    outputMultiplier: r.output.multiplier,
    outputShift: r.output.shift,
  };
}
