import type { Tensor } from '@anvil/core';

/**
 * Upper bounds of |accumulator| per output channel of a convolution or fully connected layer:
 * Σ|w| · max|x - zero point| + |bias|, from the constant weights and bias (`channels` 1: one
 * bound for a per-tensor multiplier, the largest over the channels). Single-rounding graphs use
 * them to choose each multiplier's form (see requantMultiplier). Weights that are not constant
 * int8 give no bound (Infinity), which keeps TFLite's form.
 */
export function accumulatorBounds(
  weights: Tensor,
  bias: Tensor | undefined,
  channelAxis: number,
  channels: number,
  inputZeroPoint: number,
): number[] {
  const dim = weights.shape[channelAxis] ?? 1;
  if (weights.data === undefined || weights.dtype !== 'int8') return new Array<number>(channels).fill(Infinity);
  const w = new Int8Array(weights.data.buffer, weights.data.byteOffset, weights.data.byteLength);
  const inner = weights.shape.slice(channelAxis + 1).reduce((a, b) => a * b, 1);
  const sums = new Array<number>(dim).fill(0);
  for (let i = 0; i < w.length; i++) {
    const c = Math.floor(i / inner) % dim;
    sums[c] = (sums[c] ?? 0) + Math.abs(w[i] ?? 0);
  }
  const input = Math.max(Math.abs(-128 - inputZeroPoint), Math.abs(127 - inputZeroPoint));
  const b = bias?.data !== undefined && bias.dtype === 'int32' ? new Int32Array(bias.data.slice().buffer) : undefined;
  const perChannel = sums.map((sum, c) => sum * input + Math.abs(b?.[c] ?? 0));
  return channels === 1 ? [Math.max(0, ...perChannel)] : perChannel;
}
