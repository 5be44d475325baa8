import { foldedBias, pointwiseInPlace, windowParams } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { conv2dParams } from '@anvil/interp';
import type { Conv2dParams } from '@anvil/interp';
import {
  constantInt8,
  foldableBias,
  int32Table,
  int8Table,
  rv32OutputParams,
  rv32QuantSupported,
  rv32RequantParams,
} from './rv32-tables.js';

/** Output channels per tile of anvil_conv2d_rv32_s8 (its table pads out_c to a multiple). */
export const CONV_RV32_CHANNELS = 4;
/** Output pixels per tile, hence im2col columns in the workspace. */
export const CONV_RV32_PIXELS = 3;

/** Ungrouped int8 convolutions with constant weights and bias; grouped ones keep the portable kernel. */
export function convRv32Supported(node: NodeOf<'CONV_2D'>, graph: Graph): boolean {
  const p = conv2dParams(node, graph);
  return (
    p.filterShape[3] === p.inputShape[3] &&
    constantInt8(graph, node.inputs[1]) !== undefined &&
    foldableBias(graph, node.inputs[2]) &&
    rv32QuantSupported(p.outputMultipliers, p.inputOffset)
  );
}

/** Three im2col columns of K = k_h·k_w·in_c bytes, none when pointwise (anvil_conv2d_rv32_s8_workspace_bytes). */
export function convRv32Workspace(p: Conv2dParams): number {
  const [, kH, kW, c] = p.filterShape;
  return pointwiseInPlace(p) ? 0 : CONV_RV32_PIXELS * kH * kW * c;
}

/**
 * The kernel's `filter` table from weights [out_c][K]: per group of four output channels
 * (zeros past out_c), tap after tap, the group's four weights of that tap side by side. One
 * pointer then walks a group with immediate offsets, four taps per move.
 */
export function rv32ConvFilterTable(w: Int8Array, outC: number, K: number): Int8Array {
  const groups = Math.ceil(outC / CONV_RV32_CHANNELS);
  const out = new Int8Array(groups * CONV_RV32_CHANNELS * K);
  for (let g = 0; g < groups; g++)
    for (let k = 0; k < K; k++)
      for (let j = 0; j < CONV_RV32_CHANNELS; j++) {
        const c = CONV_RV32_CHANNELS * g + j;
        if (c < outC) out[(g * K + k) * CONV_RV32_CHANNELS + j] = w[c * K + k] as number;
      }
  return out;
}

/**
 * The anvil_conv2d_rv32_s8 call for `p` with weights `w` [out_c][k_h][k_w][in_c]: shapes, the
 * group-interleaved filter, the folded bias (padded to whole groups) and the split
 * requantization, all prepared here so the kernel's loops do only loads and multiply-adds.
 */
export function emitConvRv32Call(p: Conv2dParams, w: Int8Array, biasId: number | undefined, ctx: KernelEmitContext): KernelCall {
  const [batches, inH, inW, inC] = p.inputShape;
  const [outC, kH, kW] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const K = kH * kW * inC;
  const padded = Math.ceil(outC / CONV_RV32_CHANNELS) * CONV_RV32_CHANNELS;
  const bias = foldedBias(ctx.graph, biasId, outC, K, p.inputOffset, (c, k) => w[c * K + k] as number, { padTo: padded });
  return {
    function: 'anvil_conv2d_rv32_s8',
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
      ['input_offset', p.inputOffset],
      ...rv32OutputParams(p),
      ...rv32RequantParams(p.outputMultipliers, p.outputShifts),
      ['filter', int8Table(rv32ConvFilterTable(w, outC, K))],
      ['bias', int32Table(bias)],
    ],
  };
}

export function emitConv2dRv32(node: NodeOf<'CONV_2D'>, ctx: KernelEmitContext): KernelCall {
  const w = constantInt8(ctx.graph, node.inputs[1]);
  if (w === undefined) throw new Error(`${node.name}: anvil_conv2d_rv32_s8 needs constant int8 weights`);
  return emitConvRv32Call(conv2dParams(node, ctx.graph), w, node.inputs[2], ctx);
}
