import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { SvdfParams } from '../params/svdf.js';

/**
 * SVDF, TFLM's integer kernel. `state` ([batch][filter][memory] int16) is updated in place:
 * every filter's memory moves one step older, and its newest slot receives the input's
 * feature projection, requantized to int16. Each output unit is its bias plus, over its
 * `rank` filters, the memory weighted by the time weights (int32, wrapping as TFLM's adds do),
 * requantized to int8. TFLM applies no fused activation here.
 */
export function svdf(
  p: SvdfParams,
  x: Int8Array,
  weightsFeature: Int8Array,
  weightsTime: Int16Array,
  bias: Int32Array | undefined,
  state: Int16Array,
): Int8Array {
  const { batch, inputSize, filters, memory, units, rank } = p;
  // TFLM shifts the whole buffer by one element; each filter's first slot falls into the
  // previous filter's newest slot, which is overwritten below, so this is a per-filter shift.
  state.copyWithin(0, 1);
  const out = new Int8Array(batch * units);
  for (let b = 0; b < batch; b++) {
    for (let f = 0; f < filters; f++) {
      let dot = 0;
      for (let c = 0; c < inputSize; c++) {
        dot += (weightsFeature[f * inputSize + c] as number) * ((x[b * inputSize + c] as number) - p.inputZeroPoint);
      }
      const base = (b * filters + f) * memory;
      state[base + memory - 1] = clamp(multiplyByQuantizedMultiplier(dot | 0, p.feature.multiplier, p.feature.shift), -32768, 32767);
    }
    for (let u = 0; u < units; u++) {
      let acc = bias === undefined ? 0 : (bias[u] as number);
      for (let f = u * rank; f < (u + 1) * rank; f++) {
        const base = (b * filters + f) * memory;
        for (let j = 0; j < memory; j++) acc = (acc + (weightsTime[f * memory + j] as number) * (state[base + j] as number)) | 0;
      }
      out[b * units + u] = clamp(multiplyByQuantizedMultiplier(acc, p.output.multiplier, p.output.shift) + p.outputZeroPoint, -128, 127);
    }
  }
  return out;
}
