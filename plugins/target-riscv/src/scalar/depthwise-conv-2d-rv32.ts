import { foldedBias, windowParams } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { depthwiseConv2dParams } from '@anvil/interp';
import type { DepthwiseConv2dParams } from '@anvil/interp';
import {
  constantInt8,
  foldableBias,
  int32Table,
  int8Table,
  rv32OutputParams,
  rv32QuantSupported,
  rv32RequantParams,
} from './rv32-tables.js';

/** Int8 depthwise convolutions with constant weights and bias, any window, stride, dilation and multiplier. */
export function depthwiseRv32Supported(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph): boolean {
  const p = depthwiseConv2dParams(node, graph);
  return (
    constantInt8(graph, node.inputs[1]) !== undefined &&
    foldableBias(graph, node.inputs[2]) &&
    rv32QuantSupported(p.outputMultipliers, p.inputOffset)
  );
}

/** One padded input plane, as anvil_depthwise_conv2d_rv32_s8_workspace_bytes. */
export function depthwiseRv32Workspace(p: DepthwiseConv2dParams): number {
  const [, kH, kW] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const planeH = (outH - 1) * p.strideH + (kH - 1) * p.dilationH + 1;
  const planeW = (outW - 1) * p.strideW + (kW - 1) * p.dilationW + 1;
  return planeH * planeW;
}

/** The filter [1][k_h][k_w][out_c] as [out_c][k_h][k_w]: one channel's taps contiguous, loaded once per channel. */
export function rv32DepthwiseFilterTable(w: Int8Array, taps: number, outC: number): Int8Array {
  const out = new Int8Array(taps * outC);
  for (let c = 0; c < outC; c++) for (let t = 0; t < taps; t++) out[c * taps + t] = w[t * outC + c] as number;
  return out;
}

/**
 * Int8 depthwise convolution (`runtime-c/kernels/anvil_depthwise_conv2d_rv32_s8.h`): one
 * channel at a time over a padded copy of its input plane, the filter transposed and the
 * input offset folded into the bias here.
 */
export function emitDepthwiseRv32(node: NodeOf<'DEPTHWISE_CONV_2D'>, ctx: KernelEmitContext): KernelCall {
  const p = depthwiseConv2dParams(node, ctx.graph);
  const w = constantInt8(ctx.graph, node.inputs[1]);
  if (w === undefined) throw new Error(`${node.name}: anvil_depthwise_conv2d_rv32_s8 needs constant int8 weights`);
  const [batches, inH, inW, inC] = p.inputShape;
  const [, kH, kW, outC] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const taps = kH * kW;
  const bias = foldedBias(ctx.graph, node.inputs[2], outC, taps, p.inputOffset, (c, t) => w[t * outC + c] as number);
  return {
    function: 'anvil_depthwise_conv2d_rv32_s8',
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
      ['depth_multiplier', p.depthMultiplier],
      ...windowParams(p),
      ['input_offset', p.inputOffset],
      ...rv32OutputParams(p),
      ...rv32RequantParams(p.outputMultipliers, p.outputShifts),
      ['filter', int8Table(rv32DepthwiseFilterTable(w, taps, outC))],
      ['bias', int32Table(bias)],
    ],
  };
}
