import { errors, fail } from '@anvil/core';
import { clamp } from '../fixed-point/int32.js';
import { expOnNegativeValues } from '../fixed-point/exp-on-negative-values.js';
import { getReciprocal } from '../fixed-point/get-reciprocal.js';
import { multiplyByQuantizedMultiplierGreaterThanOne } from '../fixed-point/multiply-by-quantized-multiplier.js';
import { roundingDivideByPOT } from '../fixed-point/rounding-divide-by-pot.js';
import { saturatingRoundingDoublingHighMul } from '../fixed-point/saturating-rounding-doubling-high-mul.js';
import { SOFTMAX_ACCUMULATION_INTEGER_BITS, SOFTMAX_SCALED_DIFF_INTEGER_BITS } from '../params/softmax.js';
import type { SoftmaxParams } from '../params/softmax.js';

/**
 * reference_ops::Softmax<int8_t, int8_t>: per row, exp of each difference from the maximum
 * (Q5.26 in, Q0.31 out), summed in Q12.19, then each exp times the reciprocal of the sum,
 * shifted down to 8 fractional bits and offset by -128.
 */
export function softmax(p: SoftmaxParams, input: Int8Array): Int8Array {
  const output = new Int8Array(input.length);
  const exps = new Int32Array(p.depth);
  for (let r = 0; r < p.rows; r++) {
    const base = r * p.depth;
    let maxInRow = -128;
    for (let c = 0; c < p.depth; c++) maxInRow = Math.max(maxInRow, input[base + c] as number);
    let sumOfExps = 0;
    for (let c = 0; c < p.depth; c++) {
      const diff = (input[base + c] as number) - maxInRow;
      if (diff < p.diffMin) continue;
      const scaled = multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift);
      const e = expOnNegativeValues(scaled, SOFTMAX_SCALED_DIFF_INTEGER_BITS);
      exps[c] = e;
      // Rescale<12> from Q0.31 is a rounding right shift by 12; the sum is a raw int32 add.
      sumOfExps = (sumOfExps + roundingDivideByPOT(e, SOFTMAX_ACCUMULATION_INTEGER_BITS)) | 0;
    }
    const { scale, numBitsOverUnit } = getReciprocal(sumOfExps, SOFTMAX_ACCUMULATION_INTEGER_BITS);
    const exponent = numBitsOverUnit + 31 - 8;
    // TFLM TFLITE_CHECKs this (it only fails for rows of thousands of near-equal values).
    if (exponent < 0 || exponent > 31) fail(errors.internal(`softmax output shift ${exponent} outside [0, 31]`));
    for (let c = 0; c < p.depth; c++) {
      const diff = (input[base + c] as number) - maxInRow;
      if (diff < p.diffMin) {
        output[base + c] = -128;
        continue;
      }
      const unsaturated = roundingDivideByPOT(saturatingRoundingDoublingHighMul(scale, exps[c] as number), exponent);
      output[base + c] = clamp(unsaturated - 128, -128, 127);
    }
  }
  return output;
}
