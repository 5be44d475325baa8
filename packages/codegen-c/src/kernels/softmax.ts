import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { softmaxParams } from '@anvil/interp';

/** int8 softmax over the last axis: `runtime-c/kernels/anvil_softmax_s8.h`. */
export function emitSoftmax(node: NodeOf<'SOFTMAX'>, graph: Graph): KernelCall {
  const p = softmaxParams(node, graph);
  return {
    function: 'anvil_softmax_s8',
    operands: [0],
    params: [
      ['rows', p.rows],
      ['depth', p.depth],
      ['input_multiplier', p.inputMultiplier],
      ['input_left_shift', p.inputLeftShift],
      ['diff_min', p.diffMin],
    ],
  };
}

/** One int32 per element of a row, for its exps: `anvil_softmax_s8_workspace_bytes`. */
export function softmaxWorkspaceBytes(node: NodeOf<'SOFTMAX'>, graph: Graph): number {
  return 4 * softmaxParams(node, graph).depth;
}
