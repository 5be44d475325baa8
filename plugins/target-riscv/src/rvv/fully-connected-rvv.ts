import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { fullyConnectedParams } from '@anvil/interp';
import type { Conv2dParams, FullyConnectedParams } from '@anvil/interp';
import { emitRvvConvCall } from './conv-2d-rvv.js';
import { foldedBias, int8Weights, offsetParams, perChannel, RVV_CHUNK } from './tables.js';

/** Constant symmetric int8 weights only (weights offset 0, as TFLite's int8 FC always has). */
export function fullyConnectedSupported(node: NodeOf<'FULLY_CONNECTED'>, graph: Graph): boolean {
  const w = graph.tensors[node.inputs[1] ?? -1];
  return w?.data !== undefined && w.dtype === 'int8' && fullyConnectedParams(node, graph).weightsOffset === 0;
}

/**
 * Whether a layer runs faster vectorised across its units, as a pointwise convolution whose
 * pixels are the batch rows, than along its depth. Estimates per input row from the counts
 * measured on QEMU: along the depth each unit costs about 7 instructions per 32 bytes and 60
 * for its reduction and scalar requantization; across the units each chunk of 32 costs about
 * 4.5 per byte of depth and 25 for its vector requantization. Deep layers with few units
 * (1600 → 12) stay along the depth; wide or shallow ones (128 → 128, 8 → 128) go across.
 */
export function fullyConnectedAcrossUnits(units: number, depth: number): boolean {
  const alongDepth = units * (Math.ceil(depth / RVV_CHUNK) * 7 + 60);
  const acrossUnits = Math.ceil(units / RVV_CHUNK) * (depth * 4.5 + 25);
  return acrossUnits < alongDepth;
}

/** The layer as a 1×1 convolution over one row of `batches` pixels (weights [units][depth] are its filter as they are). */
function asConv(p: FullyConnectedParams): Conv2dParams {
  return {
    inputShape: [1, 1, p.batches, p.depth],
    filterShape: [p.units, 1, 1, p.depth],
    outputShape: [1, 1, p.batches, p.units],
    strideH: 1,
    strideW: 1,
    dilationH: 1,
    dilationW: 1,
    padTop: 0,
    padLeft: 0,
    inputOffset: p.inputOffset,
    outputOffset: p.outputOffset,
    outputMultipliers: p.outputMultipliers,
    outputShifts: p.outputShifts,
    activationMin: p.activationMin,
    activationMax: p.activationMax,
  };
}

/**
 * Int8 fully connected, vectorised along the depth (`runtime-c/kernels/anvil_fully_connected_rvv_s8.h`)
 * or, where fullyConnectedAcrossUnits says so, across the units (anvil_conv2d_rvv_s8). Along
 * the depth: the model's weights as they are, the biases with the input offset folded in and the
 * requantization widened to one entry per unit.
 */
export function emitRvvFullyConnected(node: NodeOf<'FULLY_CONNECTED'>, ctx: KernelEmitContext): KernelCall {
  const graph = ctx.graph;
  const p = fullyConnectedParams(node, graph);
  const wId = node.inputs[1] as number;
  const w = int8Weights(graph, wId);
  if (fullyConnectedAcrossUnits(p.units, p.depth)) return emitRvvConvCall(asConv(p), w, node.inputs[2], graph);
  const D = p.depth;
  const bias = foldedBias(graph, node.inputs[2], p.units, D, p.inputOffset, (u, k) => w[u * D + k] as number);
  const perUnit = (a: readonly number[]): number[] => Array.from({ length: p.units }, (_, u) => perChannel(a, u));
  return {
    function: 'anvil_fully_connected_rvv_s8',
    operands: [0],
    params: [
      ['batches', p.batches],
      ['units', p.units],
      ['depth', D],
      ...offsetParams(p),
      ['weights', ctx.weightSymbol(wId)],
      ['bias', { table: { ctype: 'int32_t', values: bias } }],
      ['multiplier', { table: { ctype: 'int32_t', values: perUnit(p.outputMultipliers) } }],
      ['shift', { table: { ctype: 'int8_t', values: perUnit(p.outputShifts) } }],
    ],
  };
}
