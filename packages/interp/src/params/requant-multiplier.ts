import { errors, fail } from '@anvil/core';
import type { RequantRounding } from '@anvil/core';
import { quantizeMultiplier } from '../fixed-point/quantize-multiplier.js';
import type { QuantizedMultiplier } from '../fixed-point/quantize-multiplier.js';
import { tfliteRound } from '../fixed-point/tflite-round.js';

const TWO_31 = 2147483648;

/** For graphs that round once: the largest |x| the rescale will see, to choose its form. */
export interface SingleRounding {
  readonly rounding: RequantRounding;
  /** An upper bound of |x| in MultiplyByQuantizedMultiplier(x, ...). */
  readonly bound: number;
}

/**
 * QuantizeMultiplier for a rescale that MultiplyByQuantizedMultiplier will apply. A shift above
 * 31 would make TFLM evaluate `1 << shift` on an int, which is undefined (the real multiplier
 * would be 2^31 or more, i.e. scales no converter produces), so we refuse rather than guess.
 *
 * With `single` rounding (onnxruntime's one rounding of the exact product), a multiplier below
 * 0.5 is also offered in the form with no right shift, m = round(real · 2^31), shift 0: the
 * kernels' doubling high multiply then rounds once, as it is the last step. That form trades
 * the second rounding's error (at most 2^-(right+1) output steps) for a coarser multiplier
 * (|x| · 2^-32 steps at most), so it is taken only when, for the bound on |x|, its error is
 * the smaller one. No kernel changes: every backend computes it with the arithmetic it has.
 */
export function requantMultiplier(real: number, label: string, what: string, single?: SingleRounding): QuantizedMultiplier {
  if (!Number.isFinite(real) || real < 0) {
    fail(errors.opQuantizationInvalid(label, `${what} multiplier is ${real}; scales must be finite and positive`));
  }
  const q = quantizeMultiplier(real);
  if (q.shift > 31) fail(errors.opQuantizationInvalid(label, `${what} multiplier ${real} needs a left shift of ${q.shift} (> 31)`));
  if (single === undefined || single.rounding !== 'single' || q.shift >= 0 || q.multiplier === 0) return q;
  const right = -q.shift;
  const coarse = tfliteRound(real * TWO_31);
  const errorIfOnce = single.bound / 2 ** 32;
  const errorIfTwice = 2 ** -(right + 1) + single.bound / 2 ** (32 + right);
  return coarse > 0 && errorIfOnce < errorIfTwice ? { multiplier: coarse, shift: 0 } : q;
}
