import { errors, fail } from '@anvil/core';
import { clamp } from '../fixed-point/int32.js';
import type { Pool2dParams } from '../params/pool-2d.js';

/**
 * Visits every output position with the window clipped to the image, as TFLM's pooling
 * kernels do (padding never contributes, not even to the count).
 */
function pool(p: Pool2dParams, input: Int8Array, reduce: (sum: number, count: number, max: number) => number): Int8Array {
  const [batches, inH, inW, channels] = p.inputShape;
  const [, outH, outW] = p.outputShape;
  const output = new Int8Array(batches * outH * outW * channels);
  let o = 0;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * p.strideH - p.padTop;
      const fy0 = Math.max(0, -inY0);
      const fy1 = Math.min(p.filterH, inH - inY0);
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * p.strideW - p.padLeft;
        const fx0 = Math.max(0, -inX0);
        const fx1 = Math.min(p.filterW, inW - inX0);
        for (let c = 0; c < channels; c++) {
          let sum = 0;
          let count = 0;
          let max = -128;
          for (let fy = fy0; fy < fy1; fy++) {
            for (let fx = fx0; fx < fx1; fx++) {
              const v = input[((b * inH + inY0 + fy) * inW + inX0 + fx) * channels + c] as number;
              sum += v;
              count++;
              if (v > max) max = v;
            }
          }
          output[o++] = reduce(sum, count, max);
        }
      }
    }
  }
  return output;
}

/**
 * reference_integer_ops::AveragePool: the average of the valid elements only, rounded half
 * away from zero by adding or subtracting count/2 before C's truncating division. A window
 * with no valid element makes TFLM fail the inference.
 */
export function averagePool2d(p: Pool2dParams, input: Int8Array): Int8Array {
  return pool(p, input, (sum, count) => {
    if (count === 0) fail(errors.internal('AVERAGE_POOL_2D window lies entirely in the padding'));
    const half = Math.trunc(count / 2);
    const average = sum > 0 ? Math.trunc((sum + half) / count) : Math.trunc((sum - half) / count);
    return clamp(average, p.activationMin, p.activationMax);
  });
}

/** reference_integer_ops::MaxPool: the maximum starts at -128, then the activation clamp. */
export function maxPool2d(p: Pool2dParams, input: Int8Array): Int8Array {
  return pool(p, input, (_sum, _count, max) => clamp(max, p.activationMin, p.activationMax));
}
