import type { Graph, KernelCall, NodeOf } from '@anvil/core';
import { gatherParams } from '@anvil/interp';

/** GATHER: `anvil_gather_s8.h`; the indices go as an operand (a constant's symbol or a buffer), checked at run time. */
export function emitGather(node: NodeOf<'GATHER'>, graph: Graph): KernelCall {
  const p = gatherParams(node, graph);
  return {
    function: 'anvil_gather_s8',
    operands: [0, 1],
    params: [
      ['outer_size', p.outerSize],
      ['axis_size', p.axisSize],
      ['inner_size', p.innerSize],
      ['index_count', p.indexCount],
    ],
  };
}
