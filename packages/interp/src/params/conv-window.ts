import { axisWindow, nodeLabel, requantRoundingOf } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { accumulatorBounds } from './accumulator-bound.js';
import { activationRangeInt8 } from './activation-range.js';
import { perChannelMultipliers } from './conv-multipliers.js';
import { inputTensor, outputTensor, shape4, tensorQuant, tensorScales } from './node-tensors.js';

export type Shape4 = readonly [number, number, number, number];

/**
 * What the int8 convolution kernels (regular and depthwise) share, as plain numbers a C
 * emitter bakes: geometry, padding, offsets, per-channel requantization, activation bounds.
 */
export interface ConvWindowParams {
  /** NHWC. */
  readonly inputShape: Shape4;
  /** CONV_2D: [outChannels, kh, kw, inChannelsPerGroup]; DEPTHWISE: [1, kh, kw, inChannels × multiplier]. */
  readonly filterShape: Shape4;
  readonly outputShape: Shape4;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly padTop: number;
  readonly padLeft: number;
  /** Minus the input zero point, added to every input value. */
  readonly inputOffset: number;
  /** The output zero point. */
  readonly outputOffset: number;
  readonly outputMultipliers: readonly number[];
  readonly outputShifts: readonly number[];
  readonly activationMin: number;
  readonly activationMax: number;
}

/**
 * `channelAxis` is the filter axis that counts output channels: 0 for CONV_2D, 3 for
 * DEPTHWISE_CONV_2D (TFLM takes the depthwise channel count from the quantized dimension).
 */
export function convWindowParams(
  node: NodeOf<'CONV_2D'> | NodeOf<'DEPTHWISE_CONV_2D'>,
  graph: Graph,
  channelAxis: 0 | 3,
): ConvWindowParams {
  const label = nodeLabel(node);
  const x = inputTensor(node, graph, 0);
  const w = inputTensor(node, graph, 1);
  const y = outputTensor(node, graph, 0);
  const qx = tensorQuant(node, x, 'input');
  const qy = tensorQuant(node, y, 'output');
  const inputShape = shape4(x);
  const filterShape = shape4(w);
  const a = node.attrs;
  const rows = axisWindow(a.padding, inputShape[1], filterShape[1], a.strideH, a.dilationH);
  const cols = axisWindow(a.padding, inputShape[2], filterShape[2], a.strideW, a.dilationW);
  const channels = filterShape[channelAxis];
  const rounding = requantRoundingOf(graph);
  const bias = node.inputs[2] === undefined || node.inputs[2] < 0 ? undefined : graph.tensors[node.inputs[2]];
  const single = rounding === 'single' ? { rounding, bounds: accumulatorBounds(w, bias, channelAxis, channels, qx.zeroPoint) } : undefined;
  const multipliers = perChannelMultipliers(qx.scale, tensorScales(node, w, 'filter'), qy.scale, channels, label, single);
  const range = activationRangeInt8(a.activation, qy, label);
  return {
    inputShape,
    filterShape,
    outputShape: shape4(y),
    strideH: a.strideH,
    strideW: a.strideW,
    dilationH: a.dilationH,
    dilationW: a.dilationW,
    padTop: rows.before,
    padLeft: cols.before,
    inputOffset: -qx.zeroPoint,
    outputOffset: qy.zeroPoint,
    outputMultipliers: multipliers.map((m) => m.multiplier),
    outputShifts: multipliers.map((m) => m.shift),
    activationMin: range.min,
    activationMax: range.max,
  };
}
