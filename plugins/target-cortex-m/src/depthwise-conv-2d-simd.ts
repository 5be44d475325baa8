import { windowParams } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, KernelParam, NodeOf } from '@anvil/core';
import { depthwiseConv2dParams } from '@anvil/interp';
import { foldedBias, int8Weights } from './folded-bias.js';
import { int32Table, offsetParams, splitRequantExact, splitRequantParams } from './requant.js';
import type { SimdBackend } from './simd-backend.js';

/** Depth multiplier 1 with whole groups of four channels (the DSP loop's unit). */
export function depthwiseSupported(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph): boolean {
  const p = depthwiseConv2dParams(node, graph);
  return p.depthMultiplier === 1 && p.inputShape[3] % 4 === 0 && p.inputShape[0] === 1 && splitRequantExact(p.outputMultipliers);
}

/** One row of the zero point, which taps in the padding point at (as the kernels' _workspace_bytes). */
export function depthwiseWorkspace(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph): number {
  return depthwiseConv2dParams(node, graph).inputShape[3];
}

/**
 * Int8 depthwise convolution (`runtime-c/kernels/anvil_depthwise_conv2d_{dsp,mve}_s8.h`): one
 * pointer per filter tap per output pixel, then channels in groups. DSP: four channels, one
 * tap at a time, reading the filter in its own layout. MVE: eight channels, with the
 * per-channel constants laid out here per group as [even lanes][odd lanes] for vector loads.
 */
export function emitDepthwiseSimd(node: NodeOf<'DEPTHWISE_CONV_2D'>, ctx: KernelEmitContext, isa: SimdBackend): KernelCall {
  const graph = ctx.graph;
  const p = depthwiseConv2dParams(node, graph);
  const [, inH, inW, C] = p.inputShape;
  const [, kH, kW] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const T = kH * kW;
  const w = int8Weights(graph, node.inputs[1] as number);
  const at = (t: number, c: number): number => (t < T ? (w[t * C + c] as number) : 0);
  const bias = foldedBias(graph, node.inputs[2], C, T, p.inputOffset, (c, t) => at(t, c));
  const geometry: Array<readonly [string, KernelParam]> = [
    ['in_h', inH],
    ['in_w', inW],
    ['channels', C],
    ['out_h', outH],
    ['out_w', outW],
    ['k_h', kH],
    ['k_w', kW],
    ...windowParams(p),
    ...offsetParams(p, p.inputOffset),
  ];
  if (isa.isa === 'dsp')
    return {
      function: 'anvil_depthwise_conv2d_dsp_s8',
      operands: [0],
      params: [
        ...geometry,
        ...splitRequantParams(p.outputMultipliers, p.outputShifts),
        // The kernel's cheaper exact requantization holds for these (see its _mbqm_right).
        ['right_only', p.outputMultipliers.every((m) => m >= 0) && p.outputShifts.every((s) => s <= -1 && s >= -31) ? 1 : 0],
        ['filter', ctx.weightSymbol(node.inputs[1] as number)],
        ['bias', int32Table(bias)],
      ],
    };
  const groups = Math.ceil(C / 8);
  const lanes = (value: (c: number) => number): number[] => {
    const out: number[] = [];
    for (let g = 0; g < groups; g++)
      for (const parity of [0, 1]) for (let i = 0; i < 4; i++) out.push(8 * g + 2 * i + parity < C ? value(8 * g + 2 * i + parity) : 0);
    return out;
  };
  const perCh = (v: readonly number[]) => (c: number) => (v.length === 1 ? (v[0] as number) : (v[c] as number));
  return {
    function: 'anvil_depthwise_conv2d_mve_s8',
    operands: [0],
    params: [
      ...geometry,
      ['filter', ctx.weightSymbol(node.inputs[1] as number)],
      [
        'bias_lanes',
        int32Table(
          lanes((c) => bias[c] as number),
          16,
        ),
      ],
      ['mult_lanes', int32Table(lanes(perCh(p.outputMultipliers)), 16)],
      [
        'left_lanes',
        int32Table(
          lanes((c) => Math.max(perCh(p.outputShifts)(c), 0)),
          16,
        ),
      ],
      [
        'neg_right_lanes',
        int32Table(
          lanes((c) => Math.min(perCh(p.outputShifts)(c), 0)),
          16,
        ),
      ],
    ],
  };
}
