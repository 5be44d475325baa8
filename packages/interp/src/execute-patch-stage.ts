import { errors, fail, inputRowsFor, nodeLabel, rowWindow, tensorBytes } from '@anvil/core';
import type { Graph, Node, NodeOf, RowSpan } from '@anvil/core';
import * as k from './kernels/index.js';
import * as params from './params/index.js';
import { int8Bytes, int8View, readInt32 } from './tensor-bytes.js';

/** The bytes of tensor `id` at this point of the run (activation or constant). */
type ReadTensor = (id: number) => Uint8Array;

/** Rows [start, start + rows) of a tensor: a whole tensor (start 0) or one band of it. */
interface Band {
  readonly start: number;
  readonly bytes: Uint8Array;
}

function rowBytes(graph: Graph, id: number): number {
  const t = graph.tensors[id];
  const h = t?.shape[1] ?? 0;
  return t === undefined || h === 0 ? 0 : tensorBytes(t) / h;
}

/** Rows `want` of a band that holds them (the stage's checks guarantee it does). */
function rowsOf(graph: Graph, id: number, band: Band, want: RowSpan): Int8Array {
  const r = rowBytes(graph, id);
  const from = (want.start - band.start) * r;
  const to = (want.end - band.start) * r;
  if (from < 0 || to > band.bytes.byteLength) fail(errors.internal(`tensor ${id}: rows [${want.start}, ${want.end}) are not in its band`));
  return int8View(band.bytes.subarray(from, to));
}

function withRows(shape: readonly number[], rows: number): [number, number, number, number] {
  return [shape[0] ?? 1, rows, shape[2] ?? 1, shape[3] ?? 1];
}

/**
 * One body node on a band: output rows `out` from inputs holding rows `inRows` (the rows its
 * windows reach, clipped to the tensor). The kernels see a tensor of just those rows, with
 * the leading padding moved so each window lands where it would in the whole tensor; rows
 * past either end of the view are then exactly the padding they are in the whole tensor.
 */
function runOnRows(node: Node, graph: Graph, x: readonly Int8Array[], inRows: RowSpan, out: RowSpan, read: ReadTensor): Int8Array {
  const outN = out.end - out.start;
  const inN = inRows.end - inRows.start;
  const bias = (slot: number): Int32Array | undefined => {
    const id = node.inputs[slot];
    return id === undefined || id < 0 ? undefined : readInt32(read(id));
  };
  const weights = (slot: number): Int8Array => int8View(read(node.inputs[slot] as number));
  const x0 = x[0] as Int8Array;
  switch (node.op) {
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D': {
      const p = node.op === 'CONV_2D' ? params.conv2dParams(node, graph) : params.depthwiseConv2dParams(node, graph);
      const band = {
        ...p,
        inputShape: withRows(p.inputShape, inN),
        outputShape: withRows(p.outputShape, outN),
        padTop: p.padTop + inRows.start - out.start * p.strideH,
      };
      return node.op === 'CONV_2D'
        ? k.conv2d(band, x0, weights(1), bias(2))
        : k.depthwiseConv2d({ ...params.depthwiseConv2dParams(node, graph), ...band }, x0, weights(1), bias(2));
    }
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D': {
      const p = params.pool2dParams(node, graph);
      const band = {
        ...p,
        inputShape: withRows(p.inputShape, inN),
        outputShape: withRows(p.outputShape, outN),
        padTop: p.padTop + inRows.start - out.start * p.strideH,
      };
      return node.op === 'AVERAGE_POOL_2D' ? k.averagePool2d(band, x0) : k.maxPool2d(band, x0);
    }
    case 'ADD':
    case 'MUL': {
      const shape = withRows(graph.tensors[node.outputs[0] ?? -1]?.shape ?? [], outN);
      const shapes = { input1Shape: shape, input2Shape: shape, outputShape: shape };
      return node.op === 'ADD'
        ? k.add({ ...params.addParams(node, graph), ...shapes }, x0, x[1] as Int8Array)
        : k.mul({ ...params.mulParams(node, graph), ...shapes }, x0, x[1] as Int8Array);
    }
    default:
      return fail(errors.graphInvalid(`${nodeLabel(node)} cannot run in row bands`));
  }
}

/**
 * A patch stage run literally, band after band: each body node computes only the rows its
 * band lists, from band buffers of its producers (or the whole stage inputs), and the last
 * node's rows land in the whole output. Equal to running the body whole, byte for byte, is
 * what proves the transformation.
 */
export function executePatchStage(node: NodeOf<'PATCH_STAGE'>, graph: Graph, read: ReadTensor): Uint8Array[] {
  const { body, rows } = node.attrs;
  const outId = node.outputs[0] as number;
  const output = new Uint8Array(tensorBytes(graph.tensors[outId] ?? { shape: [0], dtype: 'int8' }));
  const outRow = rowBytes(graph, outId);
  for (const band of rows) {
    const bands = new Map<number, Band>();
    body.nodes.forEach((inner, i) => {
      const out = band[i] as RowSpan;
      if (out.end <= out.start) return;
      const need = inputRowsFor(rowWindow(inner, graph), out);
      const spatial = inner.op === 'ADD' || inner.op === 'MUL' ? [0, 1] : [0];
      const x = spatial.map((slot) => {
        const id = inner.inputs[slot] as number;
        return rowsOf(graph, id, bands.get(id) ?? { start: 0, bytes: read(id) }, need);
      });
      const y = int8Bytes(runOnRows(inner, graph, x, need, out, read));
      const id = inner.outputs[0] as number;
      if (id === outId) output.set(y, out.start * outRow);
      else bands.set(id, { start: out.start, bytes: y });
    });
  }
  return [output];
}
