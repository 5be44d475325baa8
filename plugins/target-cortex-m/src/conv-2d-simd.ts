import { windowParams } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { conv2dParams } from '@anvil/interp';
import type { Conv2dParams } from '@anvil/interp';
import { foldedBias, int8Weights } from './folded-bias.js';
import { int32Table, offsetParams, splitRequantExact, splitRequantParams } from './requant.js';
import type { SimdBackend } from './simd-backend.js';

/** Which loop the node gets: a 1×1 convolution reads its input pixels in place, others im2col. */
export function convShape(p: Conv2dParams): 'pointwise' | 'im2col' {
  const [, kH, kW] = p.filterShape;
  const pointwise =
    kH === 1 &&
    kW === 1 &&
    p.strideH === 1 &&
    p.strideW === 1 &&
    p.padTop === 0 &&
    p.padLeft === 0 &&
    p.inputShape[1] === p.outputShape[1] &&
    p.inputShape[2] === p.outputShape[2];
  return pointwise ? 'pointwise' : 'im2col';
}

/** Ungrouped int8 convolutions only; grouped ones keep the portable kernel. */
export function convSupported(node: NodeOf<'CONV_2D'>, graph: Graph): boolean {
  const p = conv2dParams(node, graph);
  return p.filterShape[3] === p.inputShape[3] && splitRequantExact(p.outputMultipliers);
}

/** Two im2col columns of K bytes each (none for pointwise): anvil_conv2d_simd_s8_workspace_bytes. */
export function convWorkspace(node: NodeOf<'CONV_2D'>, graph: Graph): number {
  const p = conv2dParams(node, graph);
  if (convShape(p) === 'pointwise') return 0;
  const [, kH, kW, c] = p.filterShape;
  return 2 * kH * kW * c;
}

/**
 * Int8 convolution as a matrix product (`runtime-c/kernels/anvil_conv2d_{dsp,mve}_s8.h`): the
 * TS derives the shapes, the folded bias and the split requantization tables.
 */
export function emitConv2dSimd(node: NodeOf<'CONV_2D'>, ctx: KernelEmitContext, isa: SimdBackend): KernelCall {
  const graph = ctx.graph;
  const p = conv2dParams(node, graph);
  const [batches, inH, inW, inC] = p.inputShape;
  const [outC, kH, kW] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const K = kH * kW * inC;
  const w = int8Weights(graph, node.inputs[1] as number);
  const bias = foldedBias(graph, node.inputs[2], outC, K, p.inputOffset, (c, k) => w[c * K + k] as number);
  return {
    function: `anvil_conv2d_${isa.isa}_s8`,
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
      ['pointwise', convShape(p) === 'pointwise' ? 1 : 0],
      ...offsetParams(p, p.inputOffset),
      ...splitRequantParams(p.outputMultipliers, p.outputShifts),
      ['filter', ctx.weightSymbol(node.inputs[1] as number)],
      ['bias', int32Table(bias)],
    ],
  };
}
