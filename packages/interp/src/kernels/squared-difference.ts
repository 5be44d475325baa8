import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplierSmallerThanOneExp as rescale } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { SquaredDifferenceParams } from '../params/squared-difference.js';
import { broadcastIndices } from './broadcast.js';

/**
 * reference SquaredDifference for int8: offset and lift both inputs, rescale each to the common
 * scale, subtract, square (|difference| < 2^15, so the square fits int32), rescale to the output.
 */
export function squaredDifferenceElement(p: SquaredDifferenceParams, x: number, y: number): number {
  const scaled1 = rescale((x + p.input1Offset) * 2 ** p.leftShift, p.input1Multiplier, p.input1Shift);
  const scaled2 = rescale((y + p.input2Offset) * 2 ** p.leftShift, p.input2Multiplier, p.input2Shift);
  const diff = scaled1 - scaled2;
  const raw = rescale(diff * diff, p.outputMultiplier, p.outputShift) + p.outputOffset;
  return clamp(raw, -128, 127);
}

export function squaredDifference(p: SquaredDifferenceParams, a: Int8Array, b: Int8Array): Int8Array {
  const { a: ia, b: ib } = broadcastIndices(p.input1Shape, p.input2Shape, p.outputShape);
  const output = new Int8Array(ia.length);
  for (let i = 0; i < output.length; i++) {
    output[i] = squaredDifferenceElement(p, a[ia[i] as number] as number, b[ib[i] as number] as number);
  }
  return output;
}
