import { errors, fail, nodeLabel } from '@anvil/core';
import type { Graph, Node, NodeOf, Tensor } from '@anvil/core';
import {
  addParams,
  conv2dParams,
  depthwiseConv2dParams,
  fullyConnectedParams,
  mulParams,
  pool2dParams,
  softmaxParams,
} from '@anvil/interp';
import type { ChannelWeights } from '../weights/encode-weights.js';
import { encodeWeights } from '../weights/encode-weights.js';
import type { ComputeOp, FeatureMap, Window } from './npu-op.js';

/*
 * Every multiplier, shift, offset and bound below comes from @anvil/interp's derivations (the
 * oracle's), so the command stream carries exactly the numbers TFLite rounds with.
 */

/** Where each tensor of a region lives: a driver region and a byte offset in it. */
export type Placement = ReadonlyMap<number, { readonly region: number; readonly offset: number }>;

function featureMap(graph: Graph, id: number, at: Placement, shape: readonly [number, number, number]): FeatureMap {
  const t = graph.tensors[id] as Tensor;
  const p = at.get(id);
  if (p === undefined) fail(errors.internal(`tensor ${t.name} has no place in the NPU region`));
  return { region: p.region, offset: p.offset, h: shape[0], w: shape[1], c: shape[2], zeroPoint: t.quant?.zeroPoint[0] ?? 0 };
}

/**
 * An equal-shape elementwise op as one H × W × C feature map, whatever the rank. TFLite shapes
 * align to the right (…, W, C) and are contiguous, so every axis before the last two folds
 * into H: a [2, 7] tensor is 2 × 7 × … rows of 7, not one row with the 2 taken for a batch.
 */
export function elementwiseHwc(shape: readonly number[]): [number, number, number] {
  const c = shape.length >= 1 ? (shape[shape.length - 1] as number) : 1;
  const w = shape.length >= 2 ? (shape[shape.length - 2] as number) : 1;
  return [shape.slice(0, -2).reduce((p, d) => p * d, 1), w, c];
}

function int8Data(t: Tensor | undefined): Int8Array {
  const d = t?.data ?? new Uint8Array(0);
  return new Int8Array(d.buffer, d.byteOffset, d.byteLength);
}

function int32Data(t: Tensor | undefined, n: number): number[] {
  const d = t?.data;
  if (d === undefined) return new Array<number>(n).fill(0);
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  return Array.from({ length: n }, (_, i) => v.getInt32(4 * i, true));
}

function channels(
  weightsOf: (c: number) => Int8Array,
  bias: number[],
  mult: readonly number[],
  shift: readonly number[],
): ChannelWeights[] {
  return bias.map((b, c) => ({
    weights: weightsOf(c),
    bias: b,
    multiplier: (mult.length > 1 ? mult[c] : mult[0]) ?? 0,
    shift: (shift.length > 1 ? shift[c] : shift[0]) ?? 0,
  }));
}

const tensorAt = (graph: Graph, node: Node, slot: number): Tensor | undefined => graph.tensors[node.inputs[slot] ?? -1];

function convOp(node: NodeOf<'CONV_2D'> | NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph, at: Placement): ComputeOp {
  const p = node.op === 'CONV_2D' ? conv2dParams(node, graph) : depthwiseConv2dParams(node, graph);
  const [, kh, kw, wc] = p.filterShape;
  const oc = p.outputShape[3];
  const w = int8Data(tensorAt(graph, node, 1));
  const per = node.op === 'CONV_2D' ? kh * kw * wc : kh * kw;
  const weightsOf =
    node.op === 'CONV_2D'
      ? (c: number) => w.slice(c * per, (c + 1) * per)
      : (c: number) => Int8Array.from({ length: per }, (_, k) => w[k * oc + c] as number);
  const window: Window = {
    kernelH: kh,
    kernelW: kw,
    strideH: p.strideH,
    strideW: p.strideW,
    dilationH: p.dilationH,
    dilationW: p.dilationW,
    padTop: p.padTop,
    padLeft: p.padLeft,
  };
  const enc = encodeWeights(channels(weightsOf, int32Data(tensorAt(graph, node, 2), oc), p.outputMultipliers, p.outputShifts));
  return {
    kind: node.op === 'CONV_2D' ? 'conv' : 'depthwise',
    nodeId: node.id,
    ifm: featureMap(graph, node.inputs[0] ?? -1, at, [p.inputShape[1], p.inputShape[2], p.inputShape[3]]),
    ofm: featureMap(graph, node.outputs[0] ?? -1, at, [p.outputShape[1], p.outputShape[2], oc]),
    window,
    depthMultiplier: node.op === 'DEPTHWISE_CONV_2D' ? node.attrs.depthMultiplier : 1,
    activationMin: p.activationMin,
    activationMax: p.activationMax,
    weightOffset: 0,
    weights: enc.bytes,
    weightBits: enc.codedWeightBytes,
    block: { h: 1, w: 1, c: 1 },
  };
}

/** FULLY_CONNECTED as a 1×1 convolution over an image of 1 × rows × depth. */
function fullyConnectedOp(node: NodeOf<'FULLY_CONNECTED'>, graph: Graph, at: Placement): ComputeOp {
  const p = fullyConnectedParams(node, graph);
  if (p.weightsOffset !== 0) fail(errors.internal(`${nodeLabel(node)}: asymmetric weights reached the NPU`));
  const w = int8Data(tensorAt(graph, node, 1));
  const enc = encodeWeights(
    channels(
      (c) => w.slice(c * p.depth, (c + 1) * p.depth),
      int32Data(tensorAt(graph, node, 2), p.units),
      p.outputMultipliers,
      p.outputShifts,
    ),
  );
  const one = { kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padTop: 0, padLeft: 0 };
  return {
    kind: 'conv',
    nodeId: node.id,
    ifm: featureMap(graph, node.inputs[0] ?? -1, at, [1, p.batches, p.depth]),
    ofm: featureMap(graph, node.outputs[0] ?? -1, at, [1, p.batches, p.units]),
    window: one,
    depthMultiplier: 1,
    activationMin: p.activationMin,
    activationMax: p.activationMax,
    weightOffset: 0,
    weights: enc.bytes,
    weightBits: enc.codedWeightBytes,
    block: { h: 1, w: 1, c: 1 },
  };
}

function poolOp(node: NodeOf<'AVERAGE_POOL_2D'> | NodeOf<'MAX_POOL_2D'>, graph: Graph, at: Placement): ComputeOp {
  const p = pool2dParams(node, graph);
  return {
    kind: node.op === 'AVERAGE_POOL_2D' ? 'avgpool' : 'maxpool',
    nodeId: node.id,
    ifm: featureMap(graph, node.inputs[0] ?? -1, at, [p.inputShape[1], p.inputShape[2], p.inputShape[3]]),
    ofm: featureMap(graph, node.outputs[0] ?? -1, at, [p.outputShape[1], p.outputShape[2], p.outputShape[3]]),
    window: {
      kernelH: p.filterH,
      kernelW: p.filterW,
      strideH: p.strideH,
      strideW: p.strideW,
      dilationH: 1,
      dilationW: 1,
      padTop: p.padTop,
      padLeft: p.padLeft,
    },
    activationMin: p.activationMin,
    activationMax: p.activationMax,
    block: { h: 1, w: 1, c: 1 },
  };
}

/**
 * An operand of an elementwise op as a feature map of the output's fold (see elementwiseHwc):
 * right-aligned to the output's rank, an axis of 1 where the output's is larger is broadcast;
 * the leading axes are all the output's or all 1 (check-node refuses any other broadcast).
 */
export function operandHwc(shape: readonly number[], out: readonly number[]): [number, number, number] {
  const aligned = [...new Array<number>(Math.max(0, out.length - shape.length)).fill(1), ...shape];
  return elementwiseHwc(aligned);
}

/** Elementwise ops see their tensors as feature maps (see elementwiseHwc); an operand axis of 1 is broadcast. */
function elementwiseOp(node: NodeOf<'ADD'> | NodeOf<'MUL'>, graph: Graph, at: Placement): ComputeOp {
  const y = graph.tensors[node.outputs[0] ?? -1] as Tensor;
  const flat = elementwiseHwc(y.shape);
  const operand = (k: number): FeatureMap => {
    const id = node.inputs[k] ?? -1;
    return featureMap(graph, id, at, operandHwc((graph.tensors[id] as Tensor).shape, y.shape));
  };
  const common = {
    nodeId: node.id,
    ifm: operand(0),
    ifm2: operand(1),
    ofm: featureMap(graph, node.outputs[0] ?? -1, at, flat),
    block: { h: 1, w: 1, c: 1 },
  };
  if (node.op === 'ADD') {
    const p = addParams(node, graph);
    return {
      ...common,
      kind: 'add',
      leftShift: p.leftShift,
      multiplier1: p.input1Multiplier,
      shift1: p.input1Shift,
      multiplier2: p.input2Multiplier,
      shift2: p.input2Shift,
      outputMultiplier: p.outputMultiplier,
      outputShift: p.outputShift,
      activationMin: p.activationMin,
      activationMax: p.activationMax,
    };
  }
  const p = mulParams(node, graph);
  return {
    ...common,
    kind: 'mul',
    leftShift: 0,
    multiplier1: 0,
    shift1: 0,
    multiplier2: 0,
    shift2: 0,
    outputMultiplier: p.outputMultiplier,
    outputShift: p.outputShift,
    activationMin: p.activationMin,
    activationMax: p.activationMax,
  };
}

/** SOFTMAX over the last axis: the rows fold into the feature map's height and width, as for elementwise ops. */
function softmaxOp(node: NodeOf<'SOFTMAX'>, graph: Graph, at: Placement): ComputeOp {
  const y = graph.tensors[node.outputs[0] ?? -1] as Tensor;
  const flat = elementwiseHwc(y.shape);
  const p = softmaxParams(node, graph);
  return {
    kind: 'softmax',
    nodeId: node.id,
    ifm: featureMap(graph, node.inputs[0] ?? -1, at, flat),
    ofm: featureMap(graph, node.outputs[0] ?? -1, at, flat),
    inputMultiplier: p.inputMultiplier,
    inputLeftShift: p.inputLeftShift,
    diffMin: p.diffMin,
    activationMin: -128,
    activationMax: 127,
    block: { h: 1, w: 1, c: 1 },
  };
}

/** The NPU operation for a supported node, or undefined for a view (it only renames a buffer). */
export function lowerNode(node: Node, graph: Graph, at: Placement): ComputeOp | undefined {
  switch (node.op) {
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D':
      return convOp(node, graph, at);
    case 'FULLY_CONNECTED':
      return fullyConnectedOp(node, graph, at);
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D':
      return poolOp(node, graph, at);
    case 'ADD':
    case 'MUL':
      return elementwiseOp(node, graph, at);
    case 'SOFTMAX':
      return softmaxOp(node, graph, at);
    case 'RESHAPE':
      return undefined;
    default:
      return fail(errors.internal(`${nodeLabel(node)} reached the NPU compiler`));
  }
}
