import type { Graph } from '@anvil/core';
import { executeNode } from '@anvil/interp';

/**
 * Comparing Anvil's int8 tensors with onnxruntime's, which are in ONNX's own layout (NCHW):
 * a tensor the importer stores under a perm is re-laid out here, independently of the
 * importer's own transpose code, so a layout bug there cannot hide itself.
 */
export function toStored(bytes: Uint8Array, logical: readonly number[], perm: readonly number[]): Uint8Array {
  const rank = logical.length;
  const strides = logical.map((_, i) => logical.slice(i + 1).reduce((a, b) => a * b, 1));
  const stored = perm.map((p) => logical[p] ?? 1);
  const out = new Uint8Array(bytes.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += (index[i] ?? 0) * (strides[perm[i] ?? 0] ?? 0);
    out[o] = bytes[src] ?? 0;
    for (let i = rank - 1; i >= 0; i--) {
      index[i] = (index[i] ?? 0) + 1;
      if ((index[i] ?? 0) < (stored[i] ?? 1)) break;
      index[i] = 0;
    }
  }
  return out;
}

export interface Agreement {
  readonly elements: number;
  readonly identical: number;
  /** Largest |anvil - reference| in int8 steps (LSBs). */
  readonly maxLsb: number;
}

export function agreement(got: Uint8Array, ref: Uint8Array): Agreement {
  const a = new Int8Array(got.buffer, got.byteOffset, got.length);
  const b = new Int8Array(ref.buffer, ref.byteOffset, ref.length);
  let identical = 0;
  let maxLsb = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    if (d === 0) identical++;
    maxLsb = Math.max(maxLsb, d);
  }
  return { elements: b.length, identical: a.length === b.length ? identical : 0, maxLsb: a.length === b.length ? maxLsb : Infinity };
}

export function share(a: Agreement): number {
  return a.elements === 0 ? 1 : a.identical / a.elements;
}

export function merge(parts: readonly Agreement[]): Agreement {
  return parts.reduce(
    (s, p) => ({ elements: s.elements + p.elements, identical: s.identical + p.identical, maxLsb: Math.max(s.maxLsb, p.maxLsb) }),
    {
      elements: 0,
      identical: 0,
      maxLsb: 0,
    },
  );
}

/**
 * Runs the graph with every tensor that has a reference value read from the reference, so each
 * op starts from onnxruntime's own inputs: what one op's arithmetic does, without the
 * differences of the ops before it. Returns the computed value of every node output.
 */
export function perOpOutputs(graph: Graph, inputs: readonly Uint8Array[], refs: ReadonlyMap<number, Uint8Array>): Map<number, Uint8Array> {
  const computed = new Map<number, Uint8Array>();
  graph.inputs.forEach((id, k) => computed.set(id, inputs[k] ?? new Uint8Array(0)));
  const read = (id: number): Uint8Array => refs.get(id) ?? computed.get(id) ?? graph.tensors[id]?.data ?? new Uint8Array(0);
  for (const node of graph.nodes) {
    const outs = executeNode(node, graph, read);
    node.outputs.forEach((id, i) => computed.set(id, outs[i] ?? new Uint8Array(0)));
  }
  return computed;
}
