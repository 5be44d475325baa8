import { nodeLabel } from '@anvil/core';
import type { Graph, NodeOf } from '@anvil/core';
import { activationRangeInt8 } from './activation-range.js';
import { inputTensor, outputTensor, tensorQuant } from './node-tensors.js';
import type { TensorQuant } from './node-tensors.js';

/** What int8 ADD, SUB and MUL share: both operands and the output, offset and clamped alike. */
export interface BinaryOperands {
  readonly input1Shape: readonly number[];
  readonly input2Shape: readonly number[];
  readonly outputShape: readonly number[];
  readonly input1Offset: number;
  readonly input2Offset: number;
  readonly outputOffset: number;
  readonly activationMin: number;
  readonly activationMax: number;
}

/** The shared part plus the three quantizations, from which each op derives its rescale. */
export function binaryOperands(
  node: NodeOf<'ADD'> | NodeOf<'MUL'> | NodeOf<'SUB'>,
  graph: Graph,
): {
  readonly operands: BinaryOperands;
  readonly qa: TensorQuant;
  readonly qb: TensorQuant;
  readonly qy: TensorQuant;
  readonly label: string;
} {
  const label = nodeLabel(node);
  const a = inputTensor(node, graph, 0);
  const b = inputTensor(node, graph, 1);
  const y = outputTensor(node, graph, 0);
  const qa = tensorQuant(node, a, 'input 0');
  const qb = tensorQuant(node, b, 'input 1');
  const qy = tensorQuant(node, y, 'output');
  const range = activationRangeInt8(node.attrs.activation, qy, label);
  return {
    operands: {
      input1Shape: a.shape,
      input2Shape: b.shape,
      outputShape: y.shape,
      input1Offset: -qa.zeroPoint,
      input2Offset: -qb.zeroPoint,
      outputOffset: qy.zeroPoint,
      activationMin: range.min,
      activationMax: range.max,
    },
    qa,
    qb,
    qy,
    label,
  };
}
