import { meanAxes, nodeLabel } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import type { QuantizedMultiplier } from '../fixed-point/quantize-multiplier.js';
import { inputTensor, outputTensor, tensorQuant } from './node-tensors.js';
import { requantMultiplier } from './requant-multiplier.js';

export interface MeanParams {
  readonly inputShape: readonly number[];
  /** Sorted, distinct, non-negative. */
  readonly axes: readonly number[];
  /** Product of the input extents over `axes`. */
  readonly reducedCount: number;
  readonly inputZeroPoint: number;
  readonly outputZeroPoint: number;
  /** input_scale / output_scale with 1 / reducedCount folded in, as the kernel applies it. */
  readonly outputMultiplier: number;
  readonly outputShift: number;
}

/**
 * TFLite's integer QuantizedMeanOrSum (reference/reduce.h) folds the division by the element
 * count into the rescale: with s = min(floor(log2 n), 32, 31 + shift), the multiplier becomes
 * (multiplier << s) / n in int64 (truncating) and the shift drops by s. BigInt keeps the
 * 63-bit intermediate exact.
 */
export function foldMeanCount(q: QuantizedMultiplier, count: number): QuantizedMultiplier {
  if (count <= 0) return q;
  let s = Math.floor(Math.log2(count));
  // log2 of an exact power of two is exact, but guard the neighbours against rounding.
  while (2 ** (s + 1) <= count) s += 1;
  while (2 ** s > count) s -= 1;
  s = Math.min(s, 32, 31 + q.shift);
  const folded = (BigInt(q.multiplier) << BigInt(s)) / BigInt(count);
  return { multiplier: Number(BigInt.asIntN(32, folded)), shift: q.shift - s };
}

/**
 * MEAN on int8 as TFLM's reduce_common.cc runs it at this commit: every int8 MEAN goes through
 * QuantizedMeanOrSum (no special case for equal input and output quantization), with the
 * multiplier from (double)input_scale / (double)output_scale.
 */
export function meanParams(node: NodeOf<'MEAN'>, graph: Graph): MeanParams {
  const x = inputTensor(node, graph, 0);
  const y = outputTensor(node, graph, 0);
  const qx = tensorQuant(node, x, 'input');
  const qy = tensorQuant(node, y, 'output');
  const axes = meanAxes(node, graph);
  const reducedCount = axes.reduce((p, a) => p * (x.shape[a] ?? 1), 1);
  const folded = foldMeanCount(requantMultiplier(qx.scale / qy.scale, nodeLabel(node), 'output'), reducedCount);
  return {
    inputShape: x.shape,
    axes,
    reducedCount,
    inputZeroPoint: qx.zeroPoint,
    outputZeroPoint: qy.zeroPoint,
    outputMultiplier: folded.multiplier,
    outputShift: folded.shift,
  };
}
