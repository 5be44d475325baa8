import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { fullyConnectedParams } from '@anvil/interp';
import { optionalWeight } from './optional-weight.js';
import { requantParams } from './requant-tables.js';

/** Portable int8 fully connected, weights [units, depth]: `runtime-c/kernels/anvil_fully_connected_s8.h`. */
export function emitFullyConnected(node: NodeOf<'FULLY_CONNECTED'>, graph: Graph, ctx: KernelEmitContext): KernelCall {
  const p = fullyConnectedParams(node, graph);
  return {
    function: 'anvil_fully_connected_s8',
    operands: [0],
    params: [
      ['batches', p.batches],
      ['units', p.units],
      ['depth', p.depth],
      ['input_offset', p.inputOffset],
      ['weights_offset', p.weightsOffset],
      ['output_offset', p.outputOffset],
      ['act_min', p.activationMin],
      ['act_max', p.activationMax],
      ...requantParams(p.outputMultipliers, p.outputShifts),
      ['weights', ctx.weightSymbol(node.inputs[1] as number)],
      ['bias', optionalWeight(node.inputs[2], ctx)],
    ],
  };
}
