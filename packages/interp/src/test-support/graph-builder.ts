/**
 * Test-only: builds small Graphs by hand so each op can be checked on values small enough to
 * derive on paper. Not exported from the package.
 */
import type { DType, Graph, Node, NodeOf, OpAttrs, OpType, Quantization, Tensor } from '@anvil/core';
import { interpret } from '../interpret.js';

export interface QuantSpec {
  readonly scale: number | readonly number[];
  readonly zeroPoint?: number | readonly number[];
  readonly axis?: number;
}

function toQuant(q: QuantSpec | undefined): Quantization | undefined {
  if (q === undefined) return undefined;
  const scale = (typeof q.scale === 'number' ? [q.scale] : [...q.scale]).map((s) => Math.fround(s));
  const zp = q.zeroPoint ?? 0;
  const zeroPoint = typeof zp === 'number' ? scale.map(() => zp) : [...zp];
  return { scale, zeroPoint, axis: q.axis ?? 0 };
}

export function int8Data(values: readonly number[]): Uint8Array {
  return new Uint8Array(Int8Array.from(values).buffer);
}

export function int32Data(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setInt32(i * 4, v, true));
  return out;
}

export function float32Data(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

export function asInt8(bytes: Uint8Array): number[] {
  return [...new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)];
}

export function asFloat32(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

export class GraphBuilder {
  private readonly tensors: Tensor[] = [];
  private readonly nodes: Node[] = [];
  private readonly inputs: number[] = [];
  private readonly outputs: number[] = [];

  tensor(shape: readonly number[], dtype: DType, quant?: QuantSpec, data?: Uint8Array): number {
    const id = this.tensors.length;
    const q = toQuant(quant);
    const base: Tensor = { id, name: `t${id}`, shape: [...shape], dtype };
    this.tensors.push({ ...base, ...(q === undefined ? {} : { quant: q }), ...(data === undefined ? {} : { data }) });
    return id;
  }

  /** A persistent (state) tensor, starting from `initial` or zeros. */
  state(shape: readonly number[], dtype: DType, quant: QuantSpec, initial?: Uint8Array): number {
    const id = this.tensor(shape, dtype, quant);
    const t = this.tensors[id] as Tensor;
    this.tensors[id] = { ...t, persistent: true, ...(initial === undefined ? {} : { initial }) };
    return id;
  }

  input(shape: readonly number[], quant?: QuantSpec, dtype: DType = 'int8'): number {
    const id = this.tensor(shape, dtype, quant);
    this.inputs.push(id);
    return id;
  }

  int8Const(shape: readonly number[], values: readonly number[], quant: QuantSpec): number {
    return this.tensor(shape, 'int8', quant, int8Data(values));
  }

  int32Const(shape: readonly number[], values: readonly number[]): number {
    return this.tensor(shape, 'int32', undefined, int32Data(values));
  }

  node<K extends OpType>(op: K, inputs: readonly number[], outputs: readonly number[], attrs: OpAttrs[K]): this {
    const node: NodeOf<K> = {
      id: this.nodes.length,
      op,
      name: `${op.toLowerCase()}${this.nodes.length}`,
      inputs: [...inputs],
      outputs: [...outputs],
      attrs,
    };
    this.nodes.push(node as unknown as Node);
    return this;
  }

  output(id: number): this {
    this.outputs.push(id);
    return this;
  }

  build(): Graph {
    return { name: 'test', tensors: this.tensors, nodes: this.nodes, inputs: this.inputs, outputs: this.outputs };
  }
}

/** Runs a graph on int8 inputs and returns the first output as numbers. */
export function runInt8(graph: Graph, ...inputs: (readonly number[])[]): number[] {
  const out = interpret(graph, inputs.map(int8Data))[0];
  if (out === undefined) throw new Error('graph has no output');
  return asInt8(out);
}
