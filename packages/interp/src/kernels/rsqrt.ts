import { errors, fail } from '@anvil/core';
import { clamp } from '../fixed-point/int32.js';
import { invSqrtQuantizedMultiplierExp, REVERSE_SHIFT } from '../fixed-point/inv-sqrt.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { RsqrtParams } from '../params/rsqrt.js';

/** TFLM's kShift: the root's reciprocal is carried 2^20 up so that it stays an integer. */
const RSQRT_SHIFT = 20;

/**
 * One element of RsqrtEvalQuantized (TFLM elementwise.cc, int8): value = x − input zero point;
 * 0 gives 127 ("close to 0 represents the max output value"); otherwise 1/√value from
 * GetInvSqrtQuantizedMultiplierExp, scaled by 2^20, then rescaled by the op's multiplier with
 * the 2^20 taken back, plus the output zero point, clamped. undefined for a negative value,
 * which the reference refuses.
 */
export function rsqrtOne(p: RsqrtParams, x: number): number | undefined {
  const value = x - p.inputZeroPoint;
  if (value < 0) return undefined;
  if (value === 0) return 127;
  const inv = invSqrtQuantizedMultiplierExp(value, REVERSE_SHIFT);
  const data = multiplyByQuantizedMultiplier(1, inv.multiplier, inv.shift + RSQRT_SHIFT);
  const out = multiplyByQuantizedMultiplier(data, p.multiplier, p.shift - RSQRT_SHIFT) + p.outputZeroPoint;
  return clamp(out, -128, 127);
}

/** int8 RSQRT; an input below the zero point (a negative real value) is an error, as in TFLM. */
export function rsqrt(p: RsqrtParams, input: Int8Array, label: string): Int8Array {
  const output = new Int8Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const y = rsqrtOne(p, input[i] as number);
    if (y === undefined) {
      fail(
        errors.opAttributeInvalid(
          label,
          `element ${i} is ${input[i]}, below the input zero point ${p.inputZeroPoint}: RSQRT is only defined for positive values`,
        ),
      );
    }
    output[i] = y;
  }
  return output;
}
