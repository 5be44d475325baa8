import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplierSmallerThanOneExp as rescale } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { AddParams } from '../params/add.js';
import { broadcastIndices } from './broadcast.js';

/**
 * reference_integer_ops AddFunc: offset both inputs, lift them by 2^leftShift (|x| < 2^8, so
 * no overflow at 20), rescale each to the common scale, add, rescale to the output.
 */
export function addElement(p: AddParams, x: number, y: number): number {
  const shifted1 = (x + p.input1Offset) * 2 ** p.leftShift;
  const shifted2 = (y + p.input2Offset) * 2 ** p.leftShift;
  const scaled1 = rescale(shifted1, p.input1Multiplier, p.input1Shift);
  const scaled2 = rescale(shifted2, p.input2Multiplier, p.input2Shift);
  const raw = rescale((scaled1 + scaled2) | 0, p.outputMultiplier, p.outputShift) + p.outputOffset;
  return clamp(raw, p.activationMin, p.activationMax);
}

export function add(p: AddParams, a: Int8Array, b: Int8Array): Int8Array {
  const { a: ia, b: ib } = broadcastIndices(p.input1Shape, p.input2Shape, p.outputShape);
  const output = new Int8Array(ia.length);
  for (let i = 0; i < output.length; i++) output[i] = addElement(p, a[ia[i] as number] as number, b[ib[i] as number] as number);
  return output;
}
