import type { Graph, NodeOf } from '@anvil/core';
import { ADD_LEFT_SHIFT, addRescale } from './add.js';
import type { AddParams } from './add.js';
import { binaryOperands } from './binary-operands.js';

/** int8 SUB carries ADD's fields: only the sign of the second operand differs. */
export type SubParams = AddParams;

/**
 * CalculateOpDataSub (TFLM sub_common.cc) derives the same rescale as ADD: both inputs to
 * twice the larger input scale after a 2^20 lift, the difference to the output scale.
 */
export function subParams(node: NodeOf<'SUB'>, graph: Graph): SubParams {
  const { operands, qa, qb, qy, label } = binaryOperands(node, graph);
  const r = addRescale(qa, qb, qy, label);
  return {
    ...operands,
    leftShift: ADD_LEFT_SHIFT,
    input1Multiplier: r.input1.multiplier,
    input1Shift: r.input1.shift,
    input2Multiplier: r.input2.multiplier,
    input2Shift: r.input2.shift,
    outputMultiplier: r.output.multiplier,
    outputShift: r.output.shift,
  };
}
