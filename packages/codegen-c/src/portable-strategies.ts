import { kernelStrategy } from '@anvil/core';
import type { Graph, KernelCall, KernelEmitContext, KernelStrategy, NodeFor, OpType } from '@anvil/core';
import { emitConcatenation, emitPad } from './kernels/data-movement.js';
import { emitConv2d } from './kernels/conv-2d.js';
import { emitDepthwiseConv2d } from './kernels/depthwise-conv-2d.js';
import { emitAdd, emitMul } from './kernels/elementwise.js';
import { emitDequantize, emitLogistic, emitQuantize } from './kernels/elementwise-unary.js';
import { emitFullyConnected } from './kernels/fully-connected.js';
import { emitLstm, lstmWorkspaceBytes } from './kernels/lstm.js';
import { emitMean, meanWorkspaceBytes } from './kernels/mean.js';
import { emitPool2d } from './kernels/pool-2d.js';
import { emitSoftmax, softmaxWorkspaceBytes } from './kernels/softmax.js';
import { emitSvdf } from './kernels/svdf.js';
import { emitStridedSlice, emitTranspose } from './kernels/strided-copy.js';
import { emitPack, emitSplit, emitUnpack } from './kernels/split-pack.js';
import { emitGather } from './kernels/gather.js';
import { emitSub } from './kernels/elementwise.js';
import { emitMaximum, emitMinimum } from './kernels/minimum-maximum.js';
import { emitSquaredDifference } from './kernels/squared-difference.js';
import { emitTanh } from './kernels/tanh.js';
import { emitRsqrt } from './kernels/rsqrt.js';

export const PORTABLE_BACKEND = 'portable-c';

type Emitter<K extends OpType> = (node: NodeFor<K>, graph: Graph, ctx: KernelEmitContext) => KernelCall;
type Workspace<K extends OpType> = (node: NodeFor<K>, graph: Graph) => number;

function portable<K extends OpType>(op: K, kernel: string, emit: Emitter<K>, workspace?: Workspace<K>): KernelStrategy {
  return kernelStrategy<K>({
    name: `portable-c/${kernel}`,
    backend: PORTABLE_BACKEND,
    tier: 'portable',
    ops: [op],
    claim: () => 0,
    workspaceBytes: (node, graph) => (workspace === undefined ? 0 : workspace(node, graph)),
    emit: (node, ctx) => emit(node, ctx.graph, ctx),
  });
}

/**
 * The C99 fallback for every op the interpreter supports: each target has these, and target
 * or offload strategies win over them only by claiming a node first. RESHAPE needs none: it
 * is a view that shares its input's buffer.
 */
export const PORTABLE_STRATEGIES: readonly KernelStrategy[] = [
  portable('ADD', 'add_s8', emitAdd),
  portable('AVERAGE_POOL_2D', 'avgpool2d_s8', emitPool2d),
  portable('CONCATENATION', 'concatenation_s8', emitConcatenation),
  portable('CONV_2D', 'conv2d_s8', emitConv2d),
  portable('DEPTHWISE_CONV_2D', 'depthwise_conv2d_s8', emitDepthwiseConv2d),
  portable('DEQUANTIZE', 'dequantize_s8_f32', emitDequantize),
  portable('FULLY_CONNECTED', 'fully_connected_s8', emitFullyConnected),
  portable('LOGISTIC', 'logistic_s8', emitLogistic),
  portable('MAX_POOL_2D', 'maxpool2d_s8', emitPool2d),
  portable('MEAN', 'mean_s8', emitMean, meanWorkspaceBytes),
  portable('MUL', 'mul_s8', emitMul),
  portable('PAD', 'pad_s8', emitPad),
  portable('QUANTIZE', 'quantize_s8', emitQuantize),
  portable('SOFTMAX', 'softmax_s8', emitSoftmax, softmaxWorkspaceBytes),
  portable('SVDF', 'svdf_s8', emitSvdf),
  portable('UNIDIRECTIONAL_SEQUENCE_LSTM', 'lstm_s8', emitLstm, lstmWorkspaceBytes),
  portable('TRANSPOSE', 'transpose_s8', emitTranspose),
  portable('STRIDED_SLICE', 'strided_slice_s8', emitStridedSlice),
  portable('SPLIT', 'split_s8', emitSplit),
  portable('UNPACK', 'unpack_s8', emitUnpack),
  portable('PACK', 'pack_s8', emitPack),
  portable('GATHER', 'gather_s8', emitGather),
  portable('SUB', 'sub_s8', emitSub),
  portable('MINIMUM', 'minimum_s8', emitMinimum),
  portable('MAXIMUM', 'maximum_s8', emitMaximum),
  portable('SQUARED_DIFFERENCE', 'squared_difference_s8', emitSquaredDifference),
  portable('TANH', 'tanh_s8', emitTanh),
  portable('RSQRT', 'rsqrt_s8', emitRsqrt),
];
