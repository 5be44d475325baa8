import type { Graph, Tensor } from '@anvil/core';
import { constantValues } from '@anvil/codegen-c';

/**
 * Per-channel bias with the input offset folded in: bias[c] + inputOffset · Σ w[c].
 *
 * Σ w·(x + off) = Σ w·x + off·Σ w, so the SIMD loops multiply raw int8 inputs and start from
 * this constant. Padding taps are filled with the input zero point (= −off), which makes
 * their w·(zp + off) vanish just as the reference skips them. Wrapping int32 arithmetic, like
 * the reference's accumulator, so the result is the same modulo 2^32 and hence bit-exact.
 *
 * `weightOf(c, k)` reads weight k of channel c; `taps` is the count per channel.
 */
export function foldedBias(
  graph: Graph,
  biasId: number | undefined,
  channels: number,
  taps: number,
  inputOffset: number,
  weightOf: (c: number, k: number) => number,
): Int32Array {
  const out = new Int32Array(channels);
  const bias = biasId === undefined || biasId < 0 ? undefined : constantValues(graph.tensors[biasId] as Tensor);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let k = 0; k < taps; k++) sum += weightOf(c, k);
    out[c] = ((bias?.[c] ?? 0) + Math.imul(inputOffset, sum)) | 0;
  }
  return out;
}

/** Constant int8 weights of a tensor. */
export function int8Weights(graph: Graph, id: number): Int8Array {
  const t = graph.tensors[id] as Tensor;
  const d = t.data ?? new Uint8Array(0);
  return new Int8Array(d.buffer, d.byteOffset, d.byteLength);
}
