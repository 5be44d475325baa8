import { multiplyByQuantizedMultiplierInt64 } from '../fixed-point/multiply-by-quantized-multiplier-int64.js';

/** The 16x8 fully connected parameters: int16 activations are symmetric, so no input/output offsets. */
export interface FullyConnected16x8Params {
  readonly batches: number;
  readonly units: number;
  readonly depth: number;
  /** Minus the weights zero point, applied as TFLM applies it (0 for symmetric weights). */
  readonly weightsOffset: number;
  /** One entry for per-tensor weights, one per unit for per-channel weights. */
  readonly outputMultipliers: readonly number[];
  readonly outputShifts: readonly number[];
  readonly activationMin: number;
  readonly activationMax: number;
}

/**
 * reference_integer_ops::FullyConnected for int16 input, int8 weights, int64 (or int32) bias
 * (tensorflow/lite/kernels/internal/reference/integer_ops/fully_connected.h): an int64
 * accumulator of (weight + weights offset) * input with no input offset, plus the bias, then
 * the int64 MultiplyByQuantizedMultiplier and the activation clamp. Accumulated as a Number
 * per product and summed in BigInt so that depths past 2^30 stay exact.
 */
export function fullyConnected16x8(
  p: FullyConnected16x8Params,
  input: Int16Array,
  weights: Int8Array,
  bias: BigInt64Array | Int32Array | undefined,
): Int16Array {
  const { batches, units, depth } = p;
  const perChannel = p.outputMultipliers.length > 1;
  const output = new Int16Array(batches * units);
  for (let b = 0; b < batches; b++) {
    for (let u = 0; u < units; u++) {
      let acc = 0n;
      for (let d = 0; d < depth; d++) {
        acc += BigInt(((weights[u * depth + d] as number) + p.weightsOffset) * (input[b * depth + d] as number));
      }
      if (bias !== undefined) acc += BigInt(bias[u] as number | bigint);
      const c = perChannel ? u : 0;
      const scaled = multiplyByQuantizedMultiplierInt64(acc, p.outputMultipliers[c] as number, p.outputShifts[c] as number);
      output[b * units + u] = Math.min(Math.max(scaled, p.activationMin), p.activationMax);
    }
  }
  return output;
}
