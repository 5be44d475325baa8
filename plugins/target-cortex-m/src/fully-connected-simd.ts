import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { fullyConnectedParams } from '@anvil/interp';
import { foldedBias, int8Weights } from './folded-bias.js';
import { int32Table, offsetParams, splitRequantExact, splitRequantParams } from './requant.js';
import type { SimdBackend } from './simd-backend.js';

/** Symmetric int8 weights only (weights offset 0, as TFLite's int8 FC always has). */
export function fullyConnectedSupported(node: NodeOf<'FULLY_CONNECTED'>, graph: Graph): boolean {
  const w = graph.tensors[node.inputs[1] ?? -1];
  return (
    w?.data !== undefined &&
    w.dtype === 'int8' &&
    fullyConnectedParams(node, graph).weightsOffset === 0 &&
    splitRequantExact(fullyConnectedParams(node, graph).outputMultipliers)
  );
}

/**
 * Int8 fully connected, four units at a time sharing each load of the input vector
 * (`runtime-c/kernels/anvil_fully_connected_{dsp,mve}_s8.h`).
 */
export function emitFullyConnectedSimd(node: NodeOf<'FULLY_CONNECTED'>, ctx: KernelEmitContext, isa: SimdBackend): KernelCall {
  const graph = ctx.graph;
  const p = fullyConnectedParams(node, graph);
  const D = p.depth;
  const w = int8Weights(graph, node.inputs[1] as number);
  const bias = foldedBias(graph, node.inputs[2], p.units, D, p.inputOffset, (c, k) => w[c * D + k] as number);
  return {
    function: `anvil_fully_connected_${isa.isa}_s8`,
    operands: [0],
    params: [
      ['batches', p.batches],
      ['depth', D],
      ['units', p.units],
      ...offsetParams(p),
      ...splitRequantParams(p.outputMultipliers, p.outputShifts),
      ['weights', ctx.weightSymbol(node.inputs[1] as number)],
      ['bias', int32Table(bias)],
    ],
  };
}
