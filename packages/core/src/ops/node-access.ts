import { fail } from '../errors/anvil-error.js';
import { graphInvalid, opQuantizationInvalid, opShapeMismatch, opTypeMismatch } from '../errors/builders.js';
import type { DType } from '../ir/dtype.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { OpType } from '../ir/attributes.js';
import type { NodeOf } from '../ir/node.js';

/** Any node, also a generic `NodeOf<K>` inside an OpDef. */
type Node = NodeOf<OpType>;
import type { Quantization } from '../ir/quantization.js';
import type { Tensor } from '../ir/tensor.js';

/** The tensor in input slot `i`; fails when the slot is absent or out of range. */
export function input(node: Node, graph: Graph, i: number): Tensor {
  const id = node.inputs[i];
  const t = id === undefined || id < 0 ? undefined : graph.tensors[id];
  if (t === undefined) fail(graphInvalid(`${nodeLabel(node)} has no input ${i}`));
  return t;
}

/** The tensor in optional input slot `i`, or undefined when absent. */
export function optionalInput(node: Node, graph: Graph, i: number): Tensor | undefined {
  const id = node.inputs[i];
  return id === undefined || id < 0 ? undefined : input(node, graph, i);
}

export function output(node: Node, graph: Graph, i: number): Tensor {
  const id = node.outputs[i];
  const t = id === undefined ? undefined : graph.tensors[id];
  if (t === undefined) fail(graphInvalid(`${nodeLabel(node)} has no output ${i}`));
  return t;
}

export function expectRank(node: Node, t: Tensor, rank: number, role: string): void {
  if (t.shape.length !== rank) {
    fail(opShapeMismatch(nodeLabel(node), `${role} must have rank ${rank}, has shape [${t.shape.join(',')}]`));
  }
}

export function expectDType(node: Node, t: Tensor, allowed: readonly DType[], role: string): void {
  if (!allowed.includes(t.dtype)) {
    fail(opTypeMismatch(nodeLabel(node), `${role} is ${t.dtype}, expected ${allowed.join(' or ')}`));
  }
}

/** The quantization of `t`, failing when it has none (int8 compute needs it). */
export function quantOf(node: Node, t: Tensor, role: string): Quantization {
  if (t.quant === undefined || t.quant.scale.length === 0) {
    fail(opQuantizationInvalid(nodeLabel(node), `${role} "${t.name}" has no quantization parameters`));
  }
  return t.quant;
}

/** Per-tensor quantization: exactly one scale and zero point, scale finite and positive. */
export function expectPerTensor(node: Node, t: Tensor, role: string): Quantization {
  const q = quantOf(node, t, role);
  if (q.scale.length !== 1 || q.zeroPoint.length !== 1) {
    fail(opQuantizationInvalid(nodeLabel(node), `${role} "${t.name}" must be quantized per tensor`));
  }
  expectPositiveScales(node, t, q, role);
  return q;
}

export function expectPositiveScales(node: Node, t: Tensor, q: Quantization, role: string): void {
  for (const s of q.scale) {
    if (!(s > 0) || !Number.isFinite(s)) {
      fail(opQuantizationInvalid(nodeLabel(node), `${role} "${t.name}" has scale ${s}; scales must be finite and > 0`));
    }
  }
}

/** Int32 values of a constant tensor (paddings, axes, shapes). */
export function constInt32(node: Node, t: Tensor, role: string): Int32Array {
  if (t.data === undefined) fail(opShapeMismatch(nodeLabel(node), `${role} must be a constant`));
  if (t.dtype !== 'int32' && t.dtype !== 'int64') {
    fail(opTypeMismatch(nodeLabel(node), `${role} is ${t.dtype}, expected int32`));
  }
  const view = new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const width = t.dtype === 'int32' ? 4 : 8;
  const n = Math.floor(t.data.byteLength / width);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getInt32(i * width, true);
  return out;
}
