import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { MulParams } from '../params/mul.js';
import { broadcastIndices } from './broadcast.js';

/** reference_integer_ops MulElementwise: (x - zp1) * (y - zp2) fits int32 (|.| <= 255^2). */
export function mulElement(p: MulParams, x: number, y: number): number {
  const product = (x + p.input1Offset) * (y + p.input2Offset);
  const raw = p.outputOffset + multiplyByQuantizedMultiplier(product, p.outputMultiplier, p.outputShift);
  return clamp(raw, p.activationMin, p.activationMax);
}

export function mul(p: MulParams, a: Int8Array, b: Int8Array): Int8Array {
  const { a: ia, b: ib } = broadcastIndices(p.input1Shape, p.input2Shape, p.outputShape);
  const output = new Int8Array(ia.length);
  for (let i = 0; i < output.length; i++) output[i] = mulElement(p, a[ia[i] as number] as number, b[ib[i] as number] as number);
  return output;
}
