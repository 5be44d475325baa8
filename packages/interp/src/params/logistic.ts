import { nodeLabel } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { frexp } from '../fixed-point/frexp.js';
import { tfliteRound } from '../fixed-point/tflite-round.js';
import { calculateInputRadius } from './input-radius.js';
import { inputTensor, tensorQuant } from './node-tensors.js';

/** Integer bits of the rescaled logistic input (Q4.27). */
export const LOGISTIC_INPUT_INTEGER_BITS = 4;

export interface LogisticParams {
  readonly inputZeroPoint: number;
  /** |input - zero point| at or beyond this saturates to -128 / 127 without computing. */
  readonly inputRangeRadius: number;
  readonly inputMultiplier: number;
  readonly inputLeftShift: number;
}

/**
 * CalculateArithmeticOpDataLogistic (TFLM logistic_common.cc) for int8. It does not call
 * QuantizeMultiplier: it frexps input_scale * 2^27 itself and casts the rounded Q31 fraction
 * straight to int32, with no renormalisation when the fraction rounds up to 2^31. That cast
 * of 2147483648.0 is out of range (undefined); x86-64's cvttsd2si yields INT32_MIN, which is
 * what we store, so a bit-exact oracle keeps TFLM's behaviour even there.
 */
export function logisticInputScaling(inputScale: number, label: string): { multiplier: number; leftShift: number; radius: number } {
  const { fraction, exponent } = frexp(inputScale * 2 ** (31 - LOGISTIC_INPUT_INTEGER_BITS));
  const rounded = tfliteRound(fraction * 2 ** 31);
  const multiplier = rounded >= 2 ** 31 ? -(2 ** 31) : rounded;
  return { multiplier, leftShift: exponent, radius: calculateInputRadius(LOGISTIC_INPUT_INTEGER_BITS, exponent, label) };
}

export function logisticParams(node: NodeOf<'LOGISTIC'>, graph: Graph): LogisticParams {
  const qx = tensorQuant(node, inputTensor(node, graph, 0), 'input');
  const s = logisticInputScaling(qx.scale, nodeLabel(node));
  return { inputZeroPoint: qx.zeroPoint, inputRangeRadius: s.radius, inputMultiplier: s.multiplier, inputLeftShift: s.leftShift };
}
