import type { Graph, Tensor } from '@anvil/core';
import type { Conv2dParams } from '@anvil/interp';
import { constantValues } from '../weights.js';

export interface FoldOptions {
  /** Entries in the table (the kernel's padding lanes past `channels` are zero). Default `channels`. */
  readonly padTo?: number;
  /** A constant added to every real channel (e.g. a fully connected layer's depth · input · weights offsets). */
  readonly extra?: number;
}

/**
 * Per output channel, bias[c] + extra + inputOffset · Σ_k weightOf(c, k), in wrapping int32
 * arithmetic as the reference's accumulator. Σ w·(x + off) = Σ w·x + off·Σ w, so a kernel's
 * loops then multiply raw int8 inputs; a tap in the padding, which reads the input zero point
 * (−off), adds w·(−off) + w·off = 0, as the reference skips it. The reference's int32 sum is
 * then equal modulo 2^32, hence after requantization too. `weightOf(c, k)` reads weight k of
 * channel c, `taps` per channel.
 */
export function foldedBias(
  graph: Graph,
  biasId: number | undefined,
  channels: number,
  taps: number,
  inputOffset: number,
  weightOf: (c: number, k: number) => number,
  options: FoldOptions = {},
): Int32Array {
  const out = new Int32Array(options.padTo ?? channels);
  const bias = biasId === undefined || biasId < 0 ? undefined : constantValues(graph.tensors[biasId] as Tensor);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let k = 0; k < taps; k++) sum += weightOf(c, k);
    out[c] = ((bias?.[c] ?? 0) + Math.imul(inputOffset, sum) + (options.extra ?? 0)) | 0;
  }
  return out;
}

/** A 1×1 convolution, stride 1, no padding, same size: a kernel can read its input pixels in place. */
export function pointwiseInPlace(p: Conv2dParams): boolean {
  const [, kH, kW] = p.filterShape;
  return (
    kH === 1 &&
    kW === 1 &&
    p.strideH === 1 &&
    p.strideW === 1 &&
    p.padTop === 0 &&
    p.padLeft === 0 &&
    p.inputShape[1] === p.outputShape[1] &&
    p.inputShape[2] === p.outputShape[2]
  );
}
