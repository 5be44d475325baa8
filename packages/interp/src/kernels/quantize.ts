import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import { tfliteRound } from '../fixed-point/tflite-round.js';
import type { AffineQuantizeParams, RequantizeParams } from '../params/quantize.js';

/**
 * `static_cast<int32_t>` of a float as x86-64 executes it (cvttss2si): in-range values are
 * exact integers here already; NaN and anything outside int32 become INT32_MIN (0x80000000).
 * C++ leaves those cases undefined; this is what TFLM's reference build actually returns.
 */
function floatToInt32(x: number): number {
  return x >= -2147483648 && x < 2147483648 ? x : -2147483648;
}

/**
 * reference_ops::AffineQuantize float32 → int8: `val / (float)scale` divided in float32
 * (Math.fround of the double quotient of two floats is the IEEE float quotient), TfLiteRound
 * half away from zero, plus the zero point, clamped. The int32 add of the zero point wraps as
 * x86 does when the cast above produced INT32_MIN.
 */
export function affineQuantize(p: AffineQuantizeParams, input: Float32Array): Int8Array {
  const output = new Int8Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const q = floatToInt32(tfliteRound(Math.fround((input[i] as number) / p.scale)));
    output[i] = clamp((q + p.zeroPoint) | 0, -128, 127);
  }
  return output;
}

/** reference_ops::Requantize int8 → int8 (the int8/uint8 xor fast path cannot apply). */
export function requantize(p: RequantizeParams, input: Int8Array): Int8Array {
  const output = new Int8Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const scaled = multiplyByQuantizedMultiplier((input[i] as number) - p.inputZeroPoint, p.multiplier, p.shift);
    output[i] = clamp(scaled + p.outputZeroPoint, -128, 127);
  }
  return output;
}
