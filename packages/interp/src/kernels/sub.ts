import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplierSmallerThanOneExp as rescale } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { SubParams } from '../params/sub.js';
import { broadcastIndices } from './broadcast.js';

/**
 * reference_ops SubElementwise / BroadcastQuantSubSlow for int8: ADD's steps with the scaled
 * second input subtracted. Not ADD with a negated multiplier: the rounding of the rescale is
 * not odd-symmetric (a negative half rounds towards zero), so the sign must come after it.
 */
export function subElement(p: SubParams, x: number, y: number): number {
  const scaled1 = rescale((x + p.input1Offset) * 2 ** p.leftShift, p.input1Multiplier, p.input1Shift);
  const scaled2 = rescale((y + p.input2Offset) * 2 ** p.leftShift, p.input2Multiplier, p.input2Shift);
  const raw = rescale((scaled1 - scaled2) | 0, p.outputMultiplier, p.outputShift) + p.outputOffset;
  return clamp(raw, p.activationMin, p.activationMax);
}

export function sub(p: SubParams, a: Int8Array, b: Int8Array): Int8Array {
  const { a: ia, b: ib } = broadcastIndices(p.input1Shape, p.input2Shape, p.outputShape);
  const output = new Int8Array(ia.length);
  for (let i = 0; i < output.length; i++) output[i] = subElement(p, a[ia[i] as number] as number, b[ib[i] as number] as number);
  return output;
}
