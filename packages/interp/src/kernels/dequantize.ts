import type { DequantizeParams } from '../params/dequantize.js';

/**
 * reference_ops::Dequantize int8 → float32: TFLM multiplies in double (the scale widened from
 * float) and casts to float. (q - zp) has at most 9 significant bits and the scale 24, so the
 * double product is exact and the single rounding to float32 equals a float32 multiply.
 */
export function dequantize(p: DequantizeParams, input: Int8Array): Float32Array {
  const output = new Float32Array(input.length);
  for (let i = 0; i < input.length; i++) output[i] = p.scale * ((input[i] as number) - p.zeroPoint);
  return output;
}
