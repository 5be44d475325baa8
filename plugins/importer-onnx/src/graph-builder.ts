import { perTensor } from '@anvil/core';
import type { DType, Node, OpAttrs, OpType, Quantization, Tensor } from '@anvil/core';
import { identity, permute } from './layout.js';

/** An int8 value of the ONNX graph as Anvil holds it: a tensor, its logical (ONNX) shape and the perm between them. */
export interface Act {
  readonly tensor: number;
  readonly logical: readonly number[];
  readonly perm: readonly number[];
}

/** Per-tensor scale and zero point of a QuantizeLinear/DequantizeLinear or a QLinear* operand. */
export interface QParams {
  readonly scale: number;
  readonly zeroPoint: number;
}

/** Appends tensors and nodes of the Graph being built; ids are positions. */
export class GraphBuilder {
  readonly tensors: Tensor[] = [];
  readonly nodes: Node[] = [];
  /** Float steps at the edges that the compiled model leaves to its caller. */
  readonly applicationSteps: string[] = [];
  /** Where the import changed a number the model stores (a bias rescaled to Anvil's implied scale). */
  readonly notes: string[] = [];

  addTensor(name: string, shape: readonly number[], dtype: DType, quant?: Quantization, data?: Uint8Array): number {
    const id = this.tensors.length;
    const base = { id, name, shape: [...shape], dtype };
    const withQuant = quant === undefined ? base : { ...base, quant };
    this.tensors.push(data === undefined ? withQuant : { ...withQuant, data });
    return id;
  }

  /** A new int8 activation holding `logical` in layout `perm`. */
  addAct(name: string, logical: readonly number[], perm: readonly number[], q: QParams): Act {
    const tensor = this.addTensor(name, permute(logical, perm), 'int8', perTensor(q.scale, q.zeroPoint));
    return { tensor, logical: [...logical], perm: [...perm] };
  }

  addNode<K extends OpType>(op: K, name: string, inputs: readonly number[], outputs: readonly number[], attrs: OpAttrs[K]): void {
    this.nodes.push({ id: this.nodes.length, op, name, inputs: [...inputs], outputs: [...outputs], attrs } as Node);
  }

  quantOf(act: Act): QParams {
    const q = this.tensors[act.tensor]?.quant;
    return { scale: q?.scale[0] ?? 0, zeroPoint: q?.zeroPoint[0] ?? 0 };
  }
}

export function sameQuant(a: QParams, b: QParams): boolean {
  return Math.fround(a.scale) === Math.fround(b.scale) && a.zeroPoint === b.zeroPoint;
}

export function actOfInput(tensor: number, logical: readonly number[]): Act {
  return { tensor, logical, perm: identity(logical.length) };
}
