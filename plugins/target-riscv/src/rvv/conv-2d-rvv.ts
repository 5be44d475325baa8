import { pointwiseInPlace, windowParams } from '@anvil/codegen-c';
import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { conv2dParams } from '@anvil/interp';
import type { Conv2dParams } from '@anvil/interp';
import { chunks, foldedBias, lanesTable, offsetParams, rvvRequantForm } from './tables.js';

/** Ungrouped convolutions only (grouped ones keep the portable kernel). */
export function convSupported(node: NodeOf<'CONV_2D'>, graph: Graph): boolean {
  const p = conv2dParams(node, graph);
  return p.filterShape[3] === p.inputShape[3];
}

/** Two im2col columns of K bytes (none pointwise), as anvil_conv2d_rvv_s8_workspace_bytes. */
export function convParamsWorkspace(p: Conv2dParams): number {
  const [, kH, kW, c] = p.filterShape;
  return pointwiseInPlace(p) ? 0 : 2 * kH * kW * c;
}

export function convWorkspace(node: NodeOf<'CONV_2D'>, graph: Graph): number {
  return convParamsWorkspace(conv2dParams(node, graph));
}

/**
 * The kernel's `filter` table (anvil_conv2d_rvv_s8.h): per chunk of output channels, for each
 * k of K in the filter's order, the chunk's weights w[oc][k] side by side, so that one vector
 * load takes a k for the whole chunk.
 */
export function rvvConvFilter(w: Int8Array, outC: number, K: number): Int8Array {
  const out = new Int8Array(outC * K);
  let o = 0;
  let c0 = 0;
  for (const vl of chunks(outC)) {
    for (let k = 0; k < K; k++) for (let c = c0; c < c0 + vl; c++) out[o++] = w[c * K + k] as number;
    c0 += vl;
  }
  return out;
}

/**
 * The convolution kernel call for `p` with filter `w` laid out [out_c][k_h][k_w][in_c]
 * (`runtime-c/kernels/anvil_conv2d_rvv_s8.h`); the kernel reads only its own tables, so the
 * model's weights are not emitted for it.
 */
export function emitRvvConvCall(p: Conv2dParams, w: Int8Array, biasId: number | undefined, graph: Graph): KernelCall {
  const [batches, inH, inW, inC] = p.inputShape;
  const [outC, kH, kW] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const K = kH * kW * inC;
  const bias = foldedBias(graph, biasId, outC, K, p.inputOffset, (c, k) => w[c * K + k] as number);
  return {
    function: 'anvil_conv2d_rvv_s8',
    operands: [0],
    params: [
      ['batches', batches],
      ['in_h', inH],
      ['in_w', inW],
      ['in_c', inC],
      ['out_h', outH],
      ['out_w', outW],
      ['out_c', outC],
      ['k_h', kH],
      ['k_w', kW],
      ...windowParams(p),
      ['pointwise', pointwiseInPlace(p) ? 1 : 0],
      ['right_only', rvvRequantForm(p.outputShifts)],
      ...offsetParams(p, p.inputOffset),
      ['filter', { table: { ctype: 'int8_t', values: rvvConvFilter(w, outC, K) } }],
      ['lanes', { table: { ctype: 'int32_t', values: lanesTable(bias, p.outputMultipliers, p.outputShifts) } }],
    ],
  };
}
