import type { ModelOutline, TensorOutline } from '@anvil/core';
import { FlatReader } from './flat-reader.js';
import { checkHeader, readModel, readTensor } from './read-model.js';
import { unsupportedVariants } from './operator-options.js';
import { irOp } from './to-graph.js';
import { OTHER_TENSOR_TYPES, TENSOR_TYPES } from './schema/tensor-types.js';

/**
 * The operators and tensors of a TFLite file as it states them, read with the same bounded
 * reader as the import, without tensor data: enough to show a model Anvil cannot import yet.
 * Optional inputs (index -1) are left out.
 */
export function outlineTflite(bytes: Uint8Array, name: string): ModelOutline {
  checkHeader(bytes);
  const r = new FlatReader(bytes);
  const model = readModel(r);
  const raw = r.tableVector(model.subgraph.table, 0, 'SubGraph.tensors').map((t) => readTensor(r, t));
  const tensor = (index: number): TensorOutline[] => {
    const t = raw[index];
    if (t === undefined) return [];
    const dtype = TENSOR_TYPES.get(t.type) ?? OTHER_TENSOR_TYPES.get(t.type)?.toLowerCase() ?? `type ${t.type}`;
    return [{ index, name: t.name, dtype, shape: t.shape }];
  };
  const tensors = (list: readonly number[]): TensorOutline[] => list.flatMap(tensor);
  return {
    name,
    format: 'tflite',
    inputs: tensors(model.subgraph.inputs),
    outputs: tensors(model.subgraph.outputs),
    operators: model.subgraph.operators.map((o, index) => {
      const op = model.opcodes[o.opcodeIndex]?.name ?? `opcode ${o.opcodeIndex}`;
      const ir = irOp(op);
      // An operator Anvil runs in some variants only is supported when it is one of those.
      const variants =
        ir === undefined ? [] : unsupportedVariants(r, ir, o, `${op} #${index}`, (t) => TENSOR_TYPES.get(raw[t]?.type ?? -1));
      return { index, op, supported: ir !== undefined && variants.length === 0, inputs: tensors(o.inputs), outputs: tensors(o.outputs) };
    }),
  };
}
