import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { MeanParams } from '../params/mean.js';

/**
 * reference_ops::QuantizedMeanOrSum (integer version) for a mean: sum the raw int8 values per
 * output in an int32 (TFLM adds "with expected overflow", i.e. wrapping), subtract
 * zero_point * count in int64 and truncate to int32, then one rescale that already contains
 * the division by the count. Outputs are in row-major order of the kept axes, which is the
 * same with or without keep_dims.
 */
export function mean(p: MeanParams, input: Int8Array): Int8Array {
  const rank = p.inputShape.length;
  const reduced = new Array<boolean>(rank).fill(false);
  for (const a of p.axes) reduced[a] = true;
  // Stride of each input axis in the output (0 on reduced axes).
  const outStrides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = rank - 1; k >= 0; k--) {
    if (reduced[k]) continue;
    outStrides[k] = stride;
    stride *= p.inputShape[k] ?? 1;
  }
  const outCount = stride;
  // An empty input (some extent 0) makes TFLM return early with the outputs at T() = 0,
  // not at the zero point.
  if (input.length === 0 || p.reducedCount === 0) return new Int8Array(outCount);
  const sums = new Float64Array(outCount);
  const index = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < input.length; i++) {
    sums[o] = (sums[o] as number) + (input[i] as number);
    for (let k = rank - 1; k >= 0; k--) {
      const next = (index[k] ?? 0) + 1;
      if (next < (p.inputShape[k] ?? 1)) {
        index[k] = next;
        o += outStrides[k] ?? 0;
        break;
      }
      index[k] = 0;
      o -= (next - 1) * (outStrides[k] ?? 0);
    }
  }
  const output = new Int8Array(outCount);
  for (let j = 0; j < outCount; j++) {
    const sum = (sums[j] as number) | 0;
    const shifted = (sum - p.inputZeroPoint * p.reducedCount) | 0;
    const scaled = multiplyByQuantizedMultiplier(shifted, p.outputMultiplier, p.outputShift);
    output[j] = clamp(scaled + p.outputZeroPoint, -128, 127);
  }
  return output;
}
