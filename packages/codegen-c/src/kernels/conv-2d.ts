import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { conv2dParams } from '@anvil/interp';
import { optionalWeight } from './optional-weight.js';
import { requantParams } from './requant-tables.js';
import { windowParams } from './window-params.js';

/** Portable int8 convolution: `runtime-c/kernels/anvil_conv2d_s8.h`. */
export function emitConv2d(node: NodeOf<'CONV_2D'>, graph: Graph, ctx: KernelEmitContext): KernelCall {
  const p = conv2dParams(node, graph);
  const [batches, inH, inW, inC] = p.inputShape;
  const [outC, kH, kW, filterC] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  return {
    function: 'anvil_conv2d_s8',
    operands: [0],
    params: [
      ['batches', batches ?? 1],
      ['in_h', inH ?? 1],
      ['in_w', inW ?? 1],
      ['in_c', inC ?? 1],
      ['out_h', outH ?? 1],
      ['out_w', outW ?? 1],
      ['out_c', outC ?? 1],
      ['k_h', kH ?? 1],
      ['k_w', kW ?? 1],
      ['filter_c', filterC ?? 1],
      ...windowParams(p),
      ['input_offset', p.inputOffset],
      ['output_offset', p.outputOffset],
      ['act_min', p.activationMin],
      ['act_max', p.activationMax],
      ...requantParams(p.outputMultipliers, p.outputShifts),
      ['filter', ctx.weightSymbol(node.inputs[1] as number)],
      ['bias', optionalWeight(node.inputs[2], ctx)],
    ],
  };
}
