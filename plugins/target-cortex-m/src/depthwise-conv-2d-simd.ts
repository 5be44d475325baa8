import { windowParams } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, KernelParam, NodeOf } from '@anvil/core';
import { depthwiseConv2dParams } from '@anvil/interp';
import type { Conv2dParams, DepthwiseConv2dParams } from '@anvil/interp';
import { convParamsWorkspace, emitConvCall, withConvVariant } from './conv-2d-simd.js';
import { foldedBias, int8Weights } from './folded-bias.js';
import { dspRequantForm, int32Table, mveRequantForm, offsetParams, splitRequantExact, splitRequantParams } from './requant.js';
import type { SimdBackend } from './simd-backend.js';

/**
 * A depthwise convolution of a single input channel is an ordinary convolution with one input
 * channel and `multiplier` output channels (person_detect's first layer: 1 → 8, where the
 * depthwise loops, built for multiplier 1, would leave it to portable C at 19 instructions per
 * MAC). Its parameters as the convolution kernel takes them, or undefined for any other shape.
 */
export function depthwiseAsConv(p: DepthwiseConv2dParams): Conv2dParams | undefined {
  const [, kH, kW, M] = p.filterShape;
  if (p.inputShape[3] !== 1) return undefined;
  return { ...p, filterShape: [M, kH, kW, 1] };
}

/** Depth multiplier 1 with whole groups of four channels (the DSP loop's unit), or one input channel (as a convolution). */
export function depthwiseSupported(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph): boolean {
  const p = depthwiseConv2dParams(node, graph);
  if (!splitRequantExact(p.outputMultipliers)) return false;
  return depthwiseAsConv(p) !== undefined || (p.depthMultiplier === 1 && p.inputShape[3] % 4 === 0 && p.inputShape[0] === 1);
}

/** One row of the zero point, which taps in the padding point at (as the kernels' _workspace_bytes). */
export function depthwiseWorkspace(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph): number {
  const p = depthwiseConv2dParams(node, graph);
  const conv = depthwiseAsConv(p);
  return conv === undefined ? p.inputShape[3] : convParamsWorkspace(conv);
}

/** The filter [1][k_h][k_w][M] of a single-channel depthwise convolution as [M][k_h][k_w][1]. */
function transposedFilter(w: Int8Array, taps: number, M: number): Int8Array {
  const out = new Int8Array(w.length);
  for (let m = 0; m < M; m++) for (let t = 0; t < taps; t++) out[m * taps + t] = w[t * M + m] as number;
  return out;
}

/**
 * Int8 depthwise convolution (`runtime-c/kernels/anvil_depthwise_conv2d_{dsp,mve}_s8.h`):
 * channels in groups, taps at fixed offsets inside the input and through one pointer per tap
 * at its border. DSP: four channels, one tap at a time, reading the filter in its own layout.
 * MVE: eight channels, with the filter and the per-channel constants laid out here per group
 * (constants as [even lanes][odd lanes]) for vector loads.
 */
export function emitDepthwiseSimd(node: NodeOf<'DEPTHWISE_CONV_2D'>, ctx: KernelEmitContext, isa: SimdBackend): KernelCall {
  const graph = ctx.graph;
  const p = depthwiseConv2dParams(node, graph);
  const conv = depthwiseAsConv(p);
  if (conv !== undefined) {
    const [M, kH, kW] = conv.filterShape;
    const w = transposedFilter(int8Weights(graph, node.inputs[1] as number), kH * kW, M);
    const inPlace = withConvVariant(ctx, undefined);
    return emitConvCall(conv, w, node.inputs[2], inPlace, isa, () => ({ table: { ctype: 'int8_t', values: w } }));
  }
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
        // The kernel's cheaper exact requantizations hold for these (see its _mbqm_right and _noshift).
        ['right_only', dspRequantForm(p.outputMultipliers, p.outputShifts)],
        ['filter', ctx.weightSymbol(node.inputs[1] as number)],
        ['bias', int32Table(bias)],
      ],
    };
  const groups = Math.ceil(C / 8);
  const shift = (c: number): number => (p.outputShifts.length === 1 ? (p.outputShifts[0] as number) : (p.outputShifts[c] as number));
  const mult = (c: number): number =>
    p.outputMultipliers.length === 1 ? (p.outputMultipliers[0] as number) : (p.outputMultipliers[c] as number);
  // Every shift a right shift, or none at all: the kernel's shorter requantizations then hold, without the left shifts.
  const form = mveRequantForm(p.outputShifts);
  const fields: Array<(c: number) => number> = [
    (c) => bias[c] as number,
    mult,
    (c) => Math.min(shift(c), 0),
    ...(form !== 0 ? [] : [(c: number) => Math.max(shift(c), 0)]),
  ];
  // Per group of eight channels, each field as [4 even channels][4 odd channels] (zero past
  // the last channel), so every half is one aligned vector load and one pointer walks them all.
  const lanes: number[] = [];
  for (let g = 0; g < groups; g++)
    for (const field of fields)
      for (const parity of [0, 1]) for (let i = 0; i < 4; i++) lanes.push(8 * g + 2 * i + parity < C ? field(8 * g + 2 * i + parity) : 0);
  // Per group of eight channels, tap after tap (zero past the last channel): the kernel reads
  // the filter as one stream, where the taps' own layout put them out of reach of an immediate.
  const mveFilter: number[] = [];
  for (let g = 0; g < groups; g++)
    for (let t = 0; t < T; t++) for (let i = 0; i < 8; i++) mveFilter.push(8 * g + i < C ? at(t, 8 * g + i) : 0);
  return {
    function: 'anvil_depthwise_conv2d_mve_s8',
    operands: [0],
    params: [
      ...geometry,
      ['right_only', form],
      // Without a -128 weight two taps' products fit 16 bits together (the kernel's pair_taps).
      ['pair_taps', w.every((v) => v !== -128) ? 1 : 0],
      ['filter', { table: { ctype: 'int8_t', values: mveFilter } }],
      ['lanes', int32Table(lanes, 16)],
    ],
  };
}
