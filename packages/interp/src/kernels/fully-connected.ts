import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { FullyConnectedParams } from '../params/fully-connected.js';

/**
 * reference_integer_ops::FullyConnected (per-tensor, with the weights offset) and
 * FullyConnectedPerChannel (one multiplier per unit). Accumulation as in conv2d.
 */
export function fullyConnected(p: FullyConnectedParams, input: Int8Array, weights: Int8Array, bias: Int32Array | undefined): Int8Array {
  const { batches, units, depth } = p;
  const perChannel = p.outputMultipliers.length > 1;
  const output = new Int8Array(batches * units);
  for (let b = 0; b < batches; b++) {
    const inBase = b * depth;
    for (let u = 0; u < units; u++) {
      const wBase = u * depth;
      let acc = 0;
      for (let d = 0; d < depth; d++) {
        acc += ((weights[wBase + d] as number) + p.weightsOffset) * ((input[inBase + d] as number) + p.inputOffset);
      }
      acc = (acc + (bias === undefined ? 0 : (bias[u] as number))) | 0;
      const c = perChannel ? u : 0;
      const scaled = multiplyByQuantizedMultiplier(acc, p.outputMultipliers[c] as number, p.outputShifts[c] as number);
      output[b * units + u] = clamp(scaled + p.outputOffset, p.activationMin, p.activationMax);
    }
  }
  return output;
}
