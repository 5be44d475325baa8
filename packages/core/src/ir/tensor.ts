import type { DType } from './dtype.js';
import { dtypeBytes } from './dtype.js';
import type { Quantization } from './quantization.js';

/** A value in the graph: an activation, a model input/output, or a constant (weights). */
export interface Tensor {
  /** Index into `Graph.tensors`; stable for the life of the graph. */
  readonly id: number;
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly quant?: Quantization;
  /** Present for constants: raw little-endian bytes in the tensor's layout. */
  readonly data?: Uint8Array;
  /**
   * True for state the model keeps between invocations (a TFLite variable tensor: LSTM or
   * SVDF state). No node produces it; the one node that names it in a state slot reads it
   * and writes it back in place. Never constant: it lives in RAM, not flash.
   */
  readonly persistent?: boolean;
  /** A persistent tensor's value before the first run and after a reset; absent means zeros. */
  readonly initial?: Uint8Array;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function tensorBytes(t: Pick<Tensor, 'shape' | 'dtype'>): number {
  return elementCount(t.shape) * dtypeBytes(t.dtype);
}

export function isConstant(t: Tensor): t is Tensor & { readonly data: Uint8Array } {
  return t.data !== undefined;
}

export function isPersistent(t: Tensor): boolean {
  return t.persistent === true;
}

/** The bytes a persistent tensor starts from (and a reset restores): its stored value, or zeros. */
export function initialBytes(t: Tensor): Uint8Array {
  return t.initial?.slice() ?? new Uint8Array(tensorBytes(t));
}

export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}
