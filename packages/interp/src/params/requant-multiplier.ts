import { errors, fail } from '@anvil/core';
import { quantizeMultiplier } from '../fixed-point/quantize-multiplier.js';
import type { QuantizedMultiplier } from '../fixed-point/quantize-multiplier.js';

/**
 * QuantizeMultiplier for a rescale that MultiplyByQuantizedMultiplier will apply. A shift above
 * 31 would make TFLM evaluate `1 << shift` on an int, which is undefined (the real multiplier
 * would be 2^31 or more, i.e. scales no converter produces), so we refuse rather than guess.
 */
export function requantMultiplier(real: number, label: string, what: string): QuantizedMultiplier {
  if (!Number.isFinite(real) || real < 0) {
    fail(errors.opQuantizationInvalid(label, `${what} multiplier is ${real}; scales must be finite and positive`));
  }
  const q = quantizeMultiplier(real);
  if (q.shift > 31) fail(errors.opQuantizationInvalid(label, `${what} multiplier ${real} needs a left shift of ${q.shift} (> 31)`));
  return q;
}
