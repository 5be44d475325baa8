import { inputSpan } from '../compile/block-config.js';
import { CONSTRAINTS } from '../spec/constraints.js';
import type { NpuConfig } from '../spec/npu-config.js';
import { fitsShram } from '../spec/npu-config.js';
import { isAnvilError } from '@anvil/core';
import type { Graph, Node, Tensor } from '@anvil/core';
import { softmaxParams } from '@anvil/interp';
import { elementwiseHwc } from '../compile/lower-node.js';

/** Why a node stays on the CPU, or undefined when the NPU can run it. */
export type Rejection = string | undefined;

function tensor(graph: Graph, id: number | undefined): Tensor | undefined {
  return id === undefined || id < 0 ? undefined : graph.tensors[id];
}

function int8PerTensor(t: Tensor | undefined, role: string): Rejection {
  if (t === undefined) return `${role} is missing`;
  if (t.dtype !== 'int8') return `${role} is ${t.dtype}; the NPU computes on int8 only`;
  if (t.quant === undefined || t.quant.scale.length !== 1) return `${role} must be quantized per tensor`;
  if (t.data !== undefined) return `${role} is a constant; the NPU reads feature maps only from SRAM`;
  return undefined;
}

function dims(t: Tensor, role: string): Rejection {
  const big = t.shape.find((d) => d > CONSTRAINTS.dimMax);
  return big === undefined ? undefined : `${role} dimension ${big} exceeds ${CONSTRAINTS.dimMax}`;
}

function batch(t: Tensor, role: string): Rejection {
  return t.shape.length === 4 && (t.shape[0] ?? 1) > CONSTRAINTS.batchMax
    ? `${role} has batch ${t.shape[0]}; the NPU runs batch 1`
    : undefined;
}

function windowAxis(axis: string, stride: number, dilation: number, kernel: number, outSize: number): Rejection {
  if (stride > CONSTRAINTS.strideMax && outSize > 1) return `stride ${axis} ${stride} exceeds ${CONSTRAINTS.strideMax}`;
  if (dilation > CONSTRAINTS.dilationMax) return `dilation ${axis} ${dilation} exceeds ${CONSTRAINTS.dilationMax}`;
  const extent = (kernel - 1) * dilation + 1;
  if (extent > CONSTRAINTS.kernelExtentMax) return `kernel ${axis} extent ${extent} exceeds ${CONSTRAINTS.kernelExtentMax}`;
  return undefined;
}

function weights(graph: Graph, node: Node, perChannel: number, ifmWindow: number, config: NpuConfig): Rejection {
  const w = tensor(graph, node.inputs[1]);
  if (w?.data === undefined) return 'weights are not constant';
  if (w.dtype !== 'int8') return `weights are ${w.dtype}; the NPU decodes int8 weights only`;
  if (w.quant === undefined || w.quant.zeroPoint.some((z) => z !== 0)) return 'weights must be symmetric (zero point 0)';
  const b = tensor(graph, node.inputs[2]);
  if (b !== undefined && (b.dtype !== 'int32' || b.data === undefined)) return 'bias must be a constant int32 tensor';
  if (perChannel > CONSTRAINTS.weightsPerChannelMax) {
    return `${perChannel} weights per output channel exceed the ${CONSTRAINTS.weightsPerChannelMax} the simulator decodes at once`;
  }
  if (ifmWindow > 0 && !fitsShram(config, ifmWindow, 4)) {
    return `one output needs a ${ifmWindow}-byte input window (one depth block), more than the SHRAM of ${config.name} holds double-buffered`;
  }
  return undefined;
}

function firstOf(...checks: (() => Rejection)[]): Rejection {
  for (const c of checks) {
    const r = c();
    if (r !== undefined) return r;
  }
  return undefined;
}

/**
 * The NPU reads an operand axis of 1 again for every output along it (a broadcast), on the
 * feature map the output folds to: W and C each, or the leading axes together (they fold into H).
 */
function broadcastRejection(shape: readonly number[], out: readonly number[], role: string): Rejection {
  if (shape.length > out.length) return `${role} has more axes than the output`;
  const aligned = [...new Array<number>(out.length - shape.length).fill(1), ...shape];
  if (aligned.some((d, k) => d !== out[k] && d !== 1)) return `${role} shape [${shape.join(', ')}] does not broadcast to the output's`;
  const lead = aligned.slice(0, -2);
  const outLead = out.slice(0, -2);
  const same = lead.every((d, k) => d === outLead[k]);
  return same || lead.every((d) => d === 1)
    ? undefined
    : `${role} broadcasts some leading axes of [${out.join(', ')}] but not all; the NPU folds them into one height`;
}

/** The NPU's verdict on one node: undefined when supported, else the first limit it breaks. */
export function checkNode(node: Node, graph: Graph, config: NpuConfig): Rejection {
  if (!CONSTRAINTS.ops.includes(node.op)) return `${node.op} is not an NPU operation`;
  const x = tensor(graph, node.inputs[0]);
  const y = tensor(graph, node.outputs[0]);
  if (x === undefined || y === undefined) return 'input or output is missing';
  switch (node.op) {
    case 'RESHAPE':
      return x.data !== undefined ? 'reshape of a constant' : undefined;
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D': {
      const w = tensor(graph, node.inputs[1]);
      const [, kh = 1, kw = 1, wc = 1] = w?.shape ?? [];
      const a = node.attrs;
      const depthwise = node.op === 'DEPTHWISE_CONV_2D';
      const perChannel = depthwise ? kh * kw : kh * kw * wc;
      const [, ih = 1, iw = 1] = x.shape;
      const window =
        inputSpan(1, 1, kh, a.dilationH, ih) *
        inputSpan(1, 1, kw, a.dilationW, iw) *
        (depthwise ? 1 : Math.min(wc, CONSTRAINTS.ifmDepthBlock));
      return firstOf(
        () => int8PerTensor(x, 'input'),
        () => int8PerTensor(y, 'output'),
        () => batch(x, 'input'),
        () => dims(x, 'input'),
        () => dims(y, 'output'),
        () => windowAxis('H', a.strideH, a.dilationH, kh, y.shape[1] ?? 1),
        () => windowAxis('W', a.strideW, a.dilationW, kw, y.shape[2] ?? 1),
        () => weights(graph, node, perChannel, window, config),
      );
    }
    case 'FULLY_CONNECTED': {
      const w = tensor(graph, node.inputs[1]);
      const depth = w?.shape[1] ?? 0;
      const rows = depth === 0 ? 0 : x.shape.reduce((p, d) => p * d, 1) / depth;
      return firstOf(
        () => int8PerTensor(x, 'input'),
        () => int8PerTensor(y, 'output'),
        () => (rows > CONSTRAINTS.dimMax ? `${rows} rows exceed ${CONSTRAINTS.dimMax}` : undefined),
        () => (depth > CONSTRAINTS.dimMax ? `depth ${depth} exceeds ${CONSTRAINTS.dimMax}` : undefined),
        () => weights(graph, node, depth, Math.min(depth, CONSTRAINTS.ifmDepthBlock), config),
      );
    }
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D': {
      const a = node.attrs;
      return firstOf(
        () => int8PerTensor(x, 'input'),
        () => int8PerTensor(y, 'output'),
        () => batch(x, 'input'),
        () => dims(x, 'input'),
        () => windowAxis('H', a.strideH, 1, a.filterH, y.shape[1] ?? 1),
        () => windowAxis('W', a.strideW, 1, a.filterW, y.shape[2] ?? 1),
      );
    }
    case 'ADD':
    case 'MUL': {
      const x2 = tensor(graph, node.inputs[1]);
      // One operand may be a constant: a DMA copies it from flash into scratch first.
      const operand = (t: Tensor | undefined, role: string): Rejection =>
        t?.data !== undefined && t !== undefined ? int8PerTensor({ ...t, data: undefined }, role) : int8PerTensor(t, role);
      return firstOf(
        () => (x.data !== undefined && x2?.data !== undefined ? 'both operands are constants' : undefined),
        () => operand(x, 'input 0'),
        () => operand(x2, 'input 1'),
        () => int8PerTensor(y, 'output'),
        () => dims(y, 'output'),
        () => broadcastRejection(x.shape, y.shape, 'input 0'),
        () => (x2 === undefined ? undefined : broadcastRejection(x2.shape, y.shape, 'input 1')),
        () => {
          // The leading axes fold into the feature map's height, which has the same limit.
          const [h] = elementwiseHwc(y.shape);
          return h > CONSTRAINTS.dimMax ? `output leading axes fold to height ${h}, over ${CONSTRAINTS.dimMax}` : undefined;
        },
      );
    }
    case 'SOFTMAX': {
      const [h, , depth] = elementwiseHwc(y.shape);
      const q = y.quant;
      return firstOf(
        () => int8PerTensor(x, 'input'),
        () => int8PerTensor(y, 'output'),
        () => dims(y, 'output'),
        () => (h > CONSTRAINTS.dimMax ? `output leading axes fold to height ${h}, over ${CONSTRAINTS.dimMax}` : undefined),
        // TFLite's int8 softmax writes scale 1/256, zero point -128; the stream has no output rescale.
        () => (q?.scale[0] !== 1 / 256 || q.zeroPoint[0] !== -128 ? 'output quantization is not scale 1/256, zero point -128' : undefined),
        () => (fitsShram(config, depth, 4 * depth) ? undefined : `a row of ${depth} values does not fit the SHRAM of ${config.name}`),
        () => {
          try {
            softmaxParams(node, graph);
            return undefined;
          } catch (e) {
            if (isAnvilError(e)) return e.message;
            throw e;
          }
        },
      );
    }
    default:
      return `${node.op} is not an NPU operation`;
  }
}
