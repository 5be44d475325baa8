import { perTensor } from '@anvil/core';
import type { DType, Graph, Node, OpAttrs, OpType, Quantization, Tensor } from '@anvil/core';
import { xorshift32 } from './xorshift.js';

/** Builder for small hand-made graphs with real constant data (the kits' edge shapes, tests). */
export class GraphBuilder {
  private readonly tensors: Tensor[] = [];
  private readonly nodes: Node[] = [];
  private readonly ins: number[] = [];
  private readonly next: () => number;

  constructor(seed = 1) {
    this.next = xorshift32(seed);
  }

  private add(t: Omit<Tensor, 'id'>): number {
    const id = this.tensors.length;
    this.tensors.push({ ...t, id } as Tensor);
    return id;
  }

  input(shape: number[], scale: number, zp: number, dtype: DType = 'int8'): number {
    const id = this.add(
      dtype === 'int8'
        ? { name: `in${this.ins.length}`, shape, dtype, quant: perTensor(scale, zp) }
        : { name: `in${this.ins.length}`, shape, dtype },
    );
    this.ins.push(id);
    return id;
  }

  activation(shape: number[], scale: number, zp: number, dtype: DType = 'int8'): number {
    return this.add(
      dtype === 'int8'
        ? { name: `t${this.tensors.length}`, shape, dtype, quant: perTensor(scale, zp) }
        : { name: `t${this.tensors.length}`, shape, dtype },
    );
  }

  /** A persistent (state) tensor, starting from `initial` or zeros. */
  state(shape: number[], dtype: 'int8' | 'int16', scale: number, zp: number, initial?: Uint8Array): number {
    const base = { name: `s${this.tensors.length}`, shape, dtype, quant: perTensor(scale, zp), persistent: true };
    return this.add(initial === undefined ? base : { ...base, initial });
  }

  /** Random int8 weights, symmetric, per-channel on `axis` when several scales are given. */
  weights(shape: number[], scales: number[], axis: number): number {
    const n = shape.reduce((a, d) => a * d, 1);
    const data = Uint8Array.from({ length: n }, () => this.next() & 0xff);
    const quant: Quantization = { scale: scales.map((s) => Math.fround(s)), zeroPoint: scales.map(() => 0), axis };
    return this.add({ name: `w${this.tensors.length}`, shape, dtype: 'int8', quant, data });
  }

  /** Random int16 weights, symmetric, per tensor (SVDF's time weights). */
  int16Weights(shape: number[], scale: number): number {
    const n = shape.reduce((a, d) => a * d, 1);
    const data = new Uint8Array(Int16Array.from({ length: n }, () => (this.next() & 0xffff) - 32768).buffer);
    return this.add({ name: `w${this.tensors.length}`, shape, dtype: 'int16', quant: perTensor(scale, 0), data });
  }

  bias(values: number[]): number {
    const data = new Uint8Array(new Int32Array(values).buffer);
    return this.add({ name: `b${this.tensors.length}`, shape: [values.length], dtype: 'int32', data });
  }

  int32Const(shape: number[], values: number[]): number {
    return this.add({ name: `c${this.tensors.length}`, shape, dtype: 'int32', data: new Uint8Array(new Int32Array(values).buffer) });
  }

  int8Const(shape: number[], values: number[], scale: number, zp: number): number {
    return this.add({
      name: `c${this.tensors.length}`,
      shape,
      dtype: 'int8',
      quant: perTensor(scale, zp),
      data: new Uint8Array(new Int8Array(values).buffer),
    });
  }

  node<K extends OpType>(op: K, inputs: number[], outputs: number[], attrs: OpAttrs[K]): this {
    this.nodes.push({
      id: this.nodes.length,
      op,
      name: `${op.toLowerCase()}${this.nodes.length}`,
      inputs,
      outputs,
      attrs,
    } as unknown as Node);
    return this;
  }

  build(name: string, outputs: number[]): Graph {
    return { name, tensors: this.tensors, nodes: this.nodes, inputs: this.ins, outputs };
  }
}
