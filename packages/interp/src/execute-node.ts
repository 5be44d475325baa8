import { errors, fail, LSTM_GATES, LSTM_SLOT, nodeLabel, SVDF_SLOT } from '@anvil/core';
import type { Graph, Node, NodeOf } from '@anvil/core';
import { executePatchStage } from './execute-patch-stage.js';
import * as k from './kernels/index.js';
import * as params from './params/index.js';
import { float32Bytes, int16Bytes, int8Bytes, int8View, readFloat32, readInt16, readInt32 } from './tensor-bytes.js';

/**
 * An offloaded region computes what its body computes: the oracle runs the body's nodes, so
 * a partitioned graph has the same reference outputs as the graph it came from.
 */
function executeRegion(node: NodeOf<'OFFLOAD_REGION'>, read: ReadTensor): Uint8Array[] {
  const body = node.attrs.body;
  const values = new Map<number, Uint8Array>();
  const readInner = (id: number): Uint8Array => values.get(id) ?? read(id);
  for (const inner of body.nodes) {
    const outs = executeNode(inner, body, readInner);
    inner.outputs.forEach((id, i) => {
      const v = outs[i];
      if (v !== undefined) values.set(id, v);
    });
  }
  return node.outputs.map((id) => {
    const v = values.get(id);
    if (v === undefined) fail(errors.graphInvalid(`${nodeLabel(node)} never produces tensor ${id}`));
    return v;
  });
}

/** The bytes of tensor `id` at this point of the run (activation, constant or state). */
export type ReadTensor = (id: number) => Uint8Array;

/** Replaces the value of persistent tensor `id` (a stateful op's in-place update). */
export type WriteState = (id: number, bytes: Uint8Array) => void;

function refuseStateWrite(id: number): never {
  return fail(errors.internal(`a node updated persistent tensor ${id}, but this run keeps no state`));
}

/** LSTM: reads its state, runs every time step, writes the final state back, returns the sequence. */
function executeLstm(node: NodeOf<'UNIDIRECTIONAL_SEQUENCE_LSTM'>, graph: Graph, read: ReadTensor, writeState: WriteState): Uint8Array[] {
  const slot = (s: number): Uint8Array => read(node.inputs[s] ?? -1);
  const gates = LSTM_GATES.map((g) => ({
    input: int8View(slot(g.inputWeights)),
    recurrent: int8View(slot(g.recurrentWeights)),
    bias: readInt32(slot(g.bias)),
  }));
  const state = { hidden: int8View(slot(LSTM_SLOT.hiddenState).slice()), cell: readInt16(slot(LSTM_SLOT.cellState)) };
  const out = k.lstm(params.lstmParams(node, graph), int8View(slot(LSTM_SLOT.input)), gates, state);
  writeState(node.inputs[LSTM_SLOT.hiddenState] ?? -1, int8Bytes(state.hidden));
  writeState(node.inputs[LSTM_SLOT.cellState] ?? -1, int16Bytes(state.cell));
  return [int8Bytes(out)];
}

/**
 * Runs one node: derives its parameters (params/), converts the raw input bytes to typed
 * arrays, calls the kernel (kernels/) and returns the raw bytes of each output. The switch is
 * exhaustive over the IR's ops, so adding an op to core fails compilation here until it runs.
 */
/** SVDF: shifts its state in, writes it back, returns the output. */
function executeSvdf(node: NodeOf<'SVDF'>, graph: Graph, read: ReadTensor, writeState: WriteState): Uint8Array[] {
  const slot = (s: number): Uint8Array => read(node.inputs[s] ?? -1);
  const biasId = node.inputs[SVDF_SLOT.bias] ?? -1;
  const state = readInt16(slot(SVDF_SLOT.state));
  const out = k.svdf(
    params.svdfParams(node, graph),
    int8View(slot(SVDF_SLOT.input)),
    int8View(slot(SVDF_SLOT.weightsFeature)),
    readInt16(slot(SVDF_SLOT.weightsTime)),
    biasId < 0 ? undefined : readInt32(read(biasId)),
    state,
  );
  writeState(node.inputs[SVDF_SLOT.state] ?? -1, int16Bytes(state));
  return [int8Bytes(out)];
}

export function executeNode(node: Node, graph: Graph, read: ReadTensor, writeState: WriteState = refuseStateWrite): Uint8Array[] {
  const bytes = (slot: number): Uint8Array => {
    const id = node.inputs[slot];
    if (id === undefined || id < 0) fail(errors.graphInvalid(`${nodeLabel(node)} has no input ${slot}`));
    return read(id);
  };
  const int8 = (slot: number): Int8Array => int8View(bytes(slot));
  const bias = (slot: number): Int32Array | undefined => {
    const id = node.inputs[slot];
    return id === undefined || id < 0 ? undefined : readInt32(read(id));
  };

  switch (node.op) {
    case 'CONV_2D':
      return [int8Bytes(k.conv2d(params.conv2dParams(node, graph), int8(0), int8(1), bias(2)))];
    case 'DEPTHWISE_CONV_2D':
      return [int8Bytes(k.depthwiseConv2d(params.depthwiseConv2dParams(node, graph), int8(0), int8(1), bias(2)))];
    case 'FULLY_CONNECTED':
      return [int8Bytes(k.fullyConnected(params.fullyConnectedParams(node, graph), int8(0), int8(1), bias(2)))];
    case 'ADD':
      return [int8Bytes(k.add(params.addParams(node, graph), int8(0), int8(1)))];
    case 'MUL':
      return [int8Bytes(k.mul(params.mulParams(node, graph), int8(0), int8(1)))];
    case 'AVERAGE_POOL_2D':
      return [int8Bytes(k.averagePool2d(params.pool2dParams(node, graph), int8(0)))];
    case 'MAX_POOL_2D':
      return [int8Bytes(k.maxPool2d(params.pool2dParams(node, graph), int8(0)))];
    case 'SOFTMAX':
      return [int8Bytes(k.softmax(params.softmaxParams(node, graph), int8(0)))];
    case 'LOGISTIC':
      return [int8Bytes(k.logistic(params.logisticParams(node, graph), int8(0)))];
    case 'MEAN':
      return [int8Bytes(k.mean(params.meanParams(node, graph), int8(0)))];
    case 'PAD':
      return [int8Bytes(k.pad(params.padParams(node, graph), int8(0)))];
    case 'CONCATENATION':
      return [
        k.concatenation(
          params.concatenationParams(node, graph),
          node.inputs.map((_, i) => bytes(i)),
        ),
      ];
    case 'RESHAPE':
      // A view in TFLM (same buffer); a copy here keeps every tensor's bytes independent.
      return [bytes(0).slice()];
    case 'QUANTIZE': {
      const p = params.quantizeParams(node, graph);
      return [int8Bytes(p.kind === 'affine' ? k.affineQuantize(p, readFloat32(bytes(0))) : k.requantize(p, int8(0)))];
    }
    case 'DEQUANTIZE':
      return [float32Bytes(k.dequantize(params.dequantizeParams(node, graph), int8(0)))];
    case 'SVDF':
      return executeSvdf(node, graph, read, writeState);
    case 'UNIDIRECTIONAL_SEQUENCE_LSTM':
      return executeLstm(node, graph, read, writeState);
    case 'OFFLOAD_REGION':
      return executeRegion(node, read);
    case 'PATCH_STAGE':
      return executePatchStage(node, graph, read);
    case 'TRANSPOSE':
      return [int8Bytes(k.stridedCopy(params.transposeParams(node, graph), int8(0)))];
    case 'STRIDED_SLICE':
      return [int8Bytes(k.stridedCopy(params.stridedSliceParams(node, graph), int8(0)))];
    case 'SPLIT':
      return k.split(params.splitParams(node, graph), bytes(1));
    case 'UNPACK':
      return k.split(params.unpackParams(node, graph), bytes(0));
    case 'PACK':
      return [
        k.concatenation(
          params.packParams(node, graph),
          node.inputs.map((_, i) => bytes(i)),
        ),
      ];
    case 'GATHER':
      return [int8Bytes(k.gather(params.gatherParams(node, graph), int8(0), readInt32(bytes(1))))];
    case 'SUB':
      return [int8Bytes(k.sub(params.subParams(node, graph), int8(0), int8(1)))];
    case 'MINIMUM':
      return [int8Bytes(k.minimum(params.minMaxParams(node, graph), int8(0), int8(1)))];
    case 'MAXIMUM':
      return [int8Bytes(k.maximum(params.minMaxParams(node, graph), int8(0), int8(1)))];
    case 'SQUARED_DIFFERENCE':
      return [int8Bytes(k.squaredDifference(params.squaredDifferenceParams(node, graph), int8(0), int8(1)))];
    case 'TANH':
      return [int8Bytes(k.tanh(params.tanhParams(node, graph), int8(0)))];
    case 'RSQRT':
      return [int8Bytes(k.rsqrt(params.rsqrtParams(node, graph), int8(0), nodeLabel(node)))];
    default: {
      const unhandled: never = node;
      return fail(errors.internal(`the interpreter has no kernel for ${(unhandled as Node).op}`));
    }
  }
}
