import { windowParams } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { depthwiseConv2dParams } from '@anvil/interp';
import type { Conv2dParams, DepthwiseConv2dParams } from '@anvil/interp';
import { convParamsWorkspace, emitRvvConvCall } from './conv-2d-rvv.js';
import { chunks, foldedBias, int8Weights, lanesTable, offsetParams, perChannel, rvvRequantForm, RVV_CHUNK } from './tables.js';

/**
 * A depthwise convolution of one input channel is an ordinary convolution with one input
 * channel and `multiplier` output channels (a first layer's 1 → 8, which the channel loop,
 * built for multiplier 1, could not take): its parameters as the convolution kernel takes
 * them, or undefined for any other shape.
 */
export function depthwiseAsConv(p: DepthwiseConv2dParams): Conv2dParams | undefined {
  const [, kH, kW, M] = p.filterShape;
  if (p.inputShape[3] !== 1) return undefined;
  return { ...p, filterShape: [M, kH, kW, 1] };
}

/** Depth multiplier 1 (any channel count, tails included), or one input channel (as a convolution). */
export function depthwiseSupported(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph): boolean {
  const p = depthwiseConv2dParams(node, graph);
  return depthwiseAsConv(p) !== undefined || p.depthMultiplier === 1;
}

/**
 * Output pixels per vector in the kernel's packed form (its `pack`), or 0 for the chunked one:
 * with few channels (2 to 16, dividing 32) and stride_w 1, 32 / channels adjacent pixels fill
 * the 32 lanes that one channel chunk would leave mostly empty.
 */
export function depthwisePack(p: DepthwiseConv2dParams): number {
  const C = p.inputShape[3];
  return p.depthMultiplier === 1 && p.strideW === 1 && C > 1 && C <= 16 && RVV_CHUNK % C === 0 ? RVV_CHUNK / C : 0;
}

/**
 * As the kernel's _workspace_bytes: one row of the zero point, which taps in the padding read;
 * packed, k_h input rows with their padding, each as wide as the out_w windows span.
 */
export function depthwiseWorkspace(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph): number {
  const p = depthwiseConv2dParams(node, graph);
  const conv = depthwiseAsConv(p);
  if (conv !== undefined) return convParamsWorkspace(conv);
  const [, kH, kW, C] = p.filterShape;
  return depthwisePack(p) > 1 ? kH * (p.outputShape[2] + (kW - 1) * p.dilationW) * C : C;
}

/**
 * The packed form's `filter` and `lanes` (anvil_depthwise_conv2d_rvv_s8.h): per tap 32 weights,
 * the channels' repeated, widened to int16; one chunk of 32 lanes, each channel's constants
 * repeated likewise.
 */
export function rvvDepthwisePacked(
  w: Int8Array,
  C: number,
  taps: number,
  bias: Int32Array,
  multipliers: readonly number[],
  shifts: readonly number[],
): { filter: Int16Array; lanes: Int32Array } {
  const filter = new Int16Array(taps * RVV_CHUNK);
  for (let t = 0; t < taps; t++) for (let l = 0; l < RVV_CHUNK; l++) filter[t * RVV_CHUNK + l] = w[t * C + (l % C)] as number;
  const rep = (f: (c: number) => number): number[] => Array.from({ length: RVV_CHUNK }, (_, l) => f(l % C));
  const lanes = lanesTable(
    Int32Array.from(rep((c) => bias[c] as number)),
    rep((c) => perChannel(multipliers, c)),
    rep((c) => perChannel(shifts, c)),
  );
  return { filter, lanes };
}

/**
 * The kernel's `filter` table (anvil_depthwise_conv2d_rvv_s8.h): per chunk of channels, each
 * tap's weights for the chunk side by side, widened to int16 so the loop loads them ready.
 */
export function rvvDepthwiseFilter(w: Int8Array, C: number, taps: number): Int16Array {
  const out = new Int16Array(C * taps);
  let o = 0;
  let c0 = 0;
  for (const vl of chunks(C)) {
    for (let t = 0; t < taps; t++) for (let c = c0; c < c0 + vl; c++) out[o++] = w[t * C + c] as number;
    c0 += vl;
  }
  return out;
}

/** The filter [1][k_h][k_w][M] of a single-channel depthwise convolution as [M][k_h][k_w][1]. */
function transposedFilter(w: Int8Array, taps: number, M: number): Int8Array {
  const out = new Int8Array(w.length);
  for (let m = 0; m < M; m++) for (let t = 0; t < taps; t++) out[m * taps + t] = w[t * M + m] as number;
  return out;
}

/**
 * Int8 depthwise convolution, vectorised across channels, or across channels and adjacent
 * pixels for few channels (`runtime-c/kernels/anvil_depthwise_conv2d_rvv_s8.h`).
 */
export function emitRvvDepthwise(node: NodeOf<'DEPTHWISE_CONV_2D'>, ctx: KernelEmitContext): KernelCall {
  const graph = ctx.graph;
  const p = depthwiseConv2dParams(node, graph);
  const w = int8Weights(graph, node.inputs[1] as number);
  const conv = depthwiseAsConv(p);
  if (conv !== undefined) {
    const [M, kH, kW] = conv.filterShape;
    return emitRvvConvCall(conv, transposedFilter(w, kH * kW, M), node.inputs[2], graph);
  }
  const [batches, inH, inW, C] = p.inputShape;
  const [, kH, kW] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const T = kH * kW;
  const bias = foldedBias(graph, node.inputs[2], C, T, p.inputOffset, (c, t) => w[t * C + c] as number);
  const pack = depthwisePack(p);
  const packed = pack > 1 ? rvvDepthwisePacked(w, C, T, bias, p.outputMultipliers, p.outputShifts) : undefined;
  return {
    function: 'anvil_depthwise_conv2d_rvv_s8',
    operands: [0],
    params: [
      ['batches', batches],
      ['in_h', inH],
      ['in_w', inW],
      ['channels', C],
      ['out_h', outH],
      ['out_w', outW],
      ['k_h', kH],
      ['k_w', kW],
      ...windowParams(p),
      ['right_only', rvvRequantForm(p.outputShifts)],
      ['pack', pack],
      ...offsetParams(p, p.inputOffset),
      ['filter', { table: { ctype: 'int16_t', values: packed?.filter ?? rvvDepthwiseFilter(w, C, T) } }],
      ['lanes', { table: { ctype: 'int32_t', values: packed?.lanes ?? lanesTable(bias, p.outputMultipliers, p.outputShifts) } }],
    ],
  };
}
