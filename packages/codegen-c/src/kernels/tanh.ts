import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { tanhParams } from '@anvil/interp';

/** int8 TANH, gemmlowp's tanh in Q4.27, the input prepared as LOGISTIC's: `anvil_tanh_s8.h`. */
export function emitTanh(node: NodeOf<'TANH'>, graph: Graph): KernelCall {
  const p = tanhParams(node, graph);
  return {
    function: 'anvil_tanh_s8',
    operands: [0],
    params: [
      ['count', (graph.tensors[node.outputs[0] ?? -1]?.shape ?? []).reduce((a, d) => a * d, 1)],
      ['input_zero_point', p.inputZeroPoint],
      ['input_range_radius', p.inputRangeRadius],
      ['input_multiplier', p.inputMultiplier],
      ['input_left_shift', p.inputLeftShift],
    ],
  };
}
