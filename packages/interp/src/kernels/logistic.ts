import { clamp } from '../fixed-point/int32.js';
import { fixedPointLogistic } from '../fixed-point/logistic.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import { roundingDivideByPOT } from '../fixed-point/rounding-divide-by-pot.js';
import { LOGISTIC_INPUT_INTEGER_BITS } from '../params/logistic.js';
import type { LogisticParams } from '../params/logistic.js';

/**
 * reference_integer_ops::Logistic (int8): inputs beyond the radius saturate; the rest are
 * rescaled to Q4.27, go through gemmlowp's logistic and come back as Q0.8 offset by -128.
 */
export function logistic(p: LogisticParams, input: Int8Array): Int8Array {
  const output = new Int8Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const x = (input[i] as number) - p.inputZeroPoint;
    if (x <= -p.inputRangeRadius) {
      output[i] = -128;
    } else if (x >= p.inputRangeRadius) {
      output[i] = 127;
    } else {
      const inQ4 = multiplyByQuantizedMultiplier(x, p.inputMultiplier, p.inputLeftShift);
      const outQ0 = fixedPointLogistic(inQ4, LOGISTIC_INPUT_INTEGER_BITS);
      output[i] = clamp(roundingDivideByPOT(outQ0, 23) - 128, -128, 127);
    }
  }
  return output;
}
