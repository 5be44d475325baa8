import { errors, fail } from '@anvil/core';
import type { Activation } from '@anvil/core';
import { tfliteRound } from '../fixed-point/tflite-round.js';
import { INT32_MAX, INT32_MIN } from '../fixed-point/int32.js';
import type { TensorQuant } from './node-tensors.js';

export interface ActivationRange {
  readonly min: number;
  readonly max: number;
}

const INT8_MIN = -128;
const INT8_MAX = 127;

/**
 * TFLite's Quantize helper inside CalculateActivationRangeQuantized: `f / scale` in float32
 * (both operands are float32; the JS quotient rounded with fround is the IEEE float quotient),
 * TfLiteRound, then the int32 zero point added. TFLite refuses the model when the rounded value
 * does not fit an int32.
 */
function quantizeBound(f: number, q: TensorQuant, label: string): number {
  const rounded = tfliteRound(Math.fround(f / q.scale));
  if (!(rounded >= INT32_MIN && rounded <= INT32_MAX)) {
    fail(errors.opQuantizationInvalid(label, `activation bound ${f} quantizes outside int32 with scale ${q.scale}`));
  }
  return (q.zeroPoint + rounded) | 0;
}

/** CalculateActivationRangeQuantized for an int8 output. */
export function activationRangeInt8(activation: Activation, output: TensorQuant, label: string): ActivationRange {
  switch (activation) {
    case 'NONE':
      return { min: INT8_MIN, max: INT8_MAX };
    case 'RELU':
      return { min: Math.max(INT8_MIN, quantizeBound(0, output, label)), max: INT8_MAX };
    case 'RELU6':
      return { min: Math.max(INT8_MIN, quantizeBound(0, output, label)), max: Math.min(INT8_MAX, quantizeBound(6, output, label)) };
    case 'RELU_N1_TO_1':
      return { min: Math.max(INT8_MIN, quantizeBound(-1, output, label)), max: Math.min(INT8_MAX, quantizeBound(1, output, label)) };
  }
}
