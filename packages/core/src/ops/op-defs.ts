import type { OpType } from '../ir/attributes.js';
import type { Node } from '../ir/node.js';
import { concatenation } from './concatenation.js';
import { conv2d } from './conv-2d.js';
import { depthwiseConv2d } from './depthwise-conv-2d.js';
import { add, mul, sub } from './elementwise.js';
import { fullyConnected } from './fully-connected.js';
import { dequantize, logistic, quantize, softmax, rsqrt, tanh } from './activations.js';
import { lstm } from './lstm.js';
import { mean } from './mean.js';
import { offloadRegion } from './offload-region.js';
import { pad } from './pad.js';
import { patchStage } from './patch-stage.js';
import { averagePool2d, maxPool2d } from './pool.js';
import { reshape } from './reshape.js';
import { svdf } from './svdf.js';
import type { OpDef } from './op-def.js';
import { transpose } from './transpose.js';
import { stridedSlice } from './strided-slice.js';
import { split } from './split.js';
import { pack, unpack } from './pack.js';
import { gather } from './gather.js';
import { maximum, minimum } from './minimum-maximum.js';
import { squaredDifference } from './squared-difference.js';

/** Every op's definition; the mapped type makes a missing op a compile error. */
export const OP_DEFS: { readonly [K in OpType]: OpDef<K> } = {
  ADD: add,
  AVERAGE_POOL_2D: averagePool2d,
  CONCATENATION: concatenation,
  CONV_2D: conv2d,
  DEPTHWISE_CONV_2D: depthwiseConv2d,
  DEQUANTIZE: dequantize,
  FULLY_CONNECTED: fullyConnected,
  LOGISTIC: logistic,
  MAX_POOL_2D: maxPool2d,
  MEAN: mean,
  MUL: mul,
  OFFLOAD_REGION: offloadRegion,
  PAD: pad,
  PATCH_STAGE: patchStage,
  QUANTIZE: quantize,
  RESHAPE: reshape,
  SOFTMAX: softmax,
  SVDF: svdf,
  UNIDIRECTIONAL_SEQUENCE_LSTM: lstm,
  TRANSPOSE: transpose,
  STRIDED_SLICE: stridedSlice,
  SPLIT: split,
  PACK: pack,
  UNPACK: unpack,
  GATHER: gather,
  SUB: sub,
  MINIMUM: minimum,
  MAXIMUM: maximum,
  SQUARED_DIFFERENCE: squaredDifference,
  TANH: tanh,
  RSQRT: rsqrt,
};

export const OP_TYPES = Object.keys(OP_DEFS) as OpType[];

export function isOpType(name: string): name is OpType {
  return Object.hasOwn(OP_DEFS, name);
}

/** The definition for a node, typed to the node's own op. */
export function opDefOf<K extends OpType>(node: Node & { op: K }): OpDef<K> {
  return OP_DEFS[node.op] as OpDef<K>;
}
