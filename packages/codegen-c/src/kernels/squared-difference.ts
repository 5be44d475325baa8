import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { squaredDifferenceParams } from '@anvil/interp';
import { binaryLayout } from './elementwise.js';

/** int8 SQUARED_DIFFERENCE: `anvil_squared_difference_s8.h`, ADD's walk and rescales plus a square. */
export function emitSquaredDifference(node: NodeOf<'SQUARED_DIFFERENCE'>, graph: Graph): KernelCall {
  const p = squaredDifferenceParams(node, graph);
  return {
    function: 'anvil_squared_difference_s8',
    operands: [0, 1],
    params: [
      ...binaryLayout(node, p),
      ['left_shift', p.leftShift],
      ['input1_offset', p.input1Offset],
      ['input1_multiplier', p.input1Multiplier],
      ['input1_shift', p.input1Shift],
      ['input2_offset', p.input2Offset],
      ['input2_multiplier', p.input2Multiplier],
      ['input2_shift', p.input2Shift],
      ['output_offset', p.outputOffset],
      ['output_multiplier', p.outputMultiplier],
      ['output_shift', p.outputShift],
    ],
  };
}
