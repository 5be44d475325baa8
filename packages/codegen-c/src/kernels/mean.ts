import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { nodeLabel } from '@anvil/core';
import { meanParams } from '@anvil/interp';
import { kernelDims } from './kernel-dims.js';

/** Elements of MEAN's output: the product of the extents it keeps. */
function outCount(p: { inputShape: readonly number[]; axes: readonly number[] }): number {
  return p.inputShape.reduce((a, d, k) => (p.axes.includes(k) ? a : a * d), 1);
}

/** int8 MEAN (QuantizedMeanOrSum): `runtime-c/kernels/anvil_mean_s8.h`. */
export function emitMean(node: NodeOf<'MEAN'>, graph: Graph): KernelCall {
  const p = meanParams(node, graph);
  const rank = p.inputShape.length;
  // Where each input axis moves the output: 0 on the reduced axes.
  const outStrides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = rank - 1; k >= 0; k--) {
    if (p.axes.includes(k)) continue;
    outStrides[k] = stride;
    stride *= p.inputShape[k] ?? 1;
  }
  const d = kernelDims(nodeLabel(node), p.inputShape, [outStrides]);
  return {
    function: 'anvil_mean_s8',
    operands: [0],
    params: [
      ['in_shape', d.extents],
      ['out_stride', d.strides[0] as number[]],
      ['out_count', outCount(p)],
      ['reduced_count', p.reducedCount],
      ['input_zero_point', p.inputZeroPoint],
      ['output_zero_point', p.outputZeroPoint],
      ['output_multiplier', p.outputMultiplier],
      ['output_shift', p.outputShift],
    ],
  };
}

/** One int32 sum per output element: `anvil_mean_s8_workspace_bytes`. */
export function meanWorkspaceBytes(node: NodeOf<'MEAN'>, graph: Graph): number {
  return 4 * outCount(meanParams(node, graph));
}
