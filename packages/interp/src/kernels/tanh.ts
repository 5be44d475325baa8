import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import { roundingDivideByPOT } from '../fixed-point/rounding-divide-by-pot.js';
import { fixedPointTanh } from '../fixed-point/tanh.js';
import { LOGISTIC_INPUT_INTEGER_BITS } from '../params/logistic.js';
import type { TanhParams } from '../params/tanh.js';

/**
 * reference_integer_ops::Tanh (int8): inputs beyond the radius saturate; the rest are rescaled
 * to Q4.27, go through gemmlowp's tanh and come back as Q0.7 (zero point 0).
 */
export function tanh(p: TanhParams, input: Int8Array): Int8Array {
  const output = new Int8Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const x = (input[i] as number) - p.inputZeroPoint;
    if (x <= -p.inputRangeRadius) {
      output[i] = -128;
    } else if (x >= p.inputRangeRadius) {
      output[i] = 127;
    } else {
      const inQ4 = multiplyByQuantizedMultiplier(x, p.inputMultiplier, p.inputLeftShift);
      output[i] = clamp(roundingDivideByPOT(fixedPointTanh(inQ4, LOGISTIC_INPUT_INTEGER_BITS), 24), -128, 127);
    }
  }
  return output;
}
