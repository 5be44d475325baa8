import { foldedBias } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { fullyConnectedParams } from '@anvil/interp';
import {
  constantInt8,
  foldableBias,
  int32Table,
  int8Table,
  rv32OutputParams,
  rv32QuantSupported,
  rv32RequantParams,
} from './rv32-tables.js';

/** Int8 fully connected layers with constant weights and bias (any weights offset). */
export function fullyConnectedRv32Supported(node: NodeOf<'FULLY_CONNECTED'>, graph: Graph): boolean {
  const p = fullyConnectedParams(node, graph);
  return (
    constantInt8(graph, node.inputs[1]) !== undefined &&
    foldableBias(graph, node.inputs[2]) &&
    rv32QuantSupported(p.outputMultipliers, p.inputOffset)
  );
}

/**
 * The kernel's blocks of units (anvil_fully_connected_rv32_s8_block): eight while eight
 * remain, then four while three do, then two, so at most one zero row pads the last block
 * (10 units: 8 + 2; 13: 8 + 4 + 2).
 */
export function rv32FcBlocks(units: number): number[] {
  const widths: number[] = [];
  for (let u = 0; u < units;) {
    const width = units - u >= 8 ? 8 : units - u >= 3 ? 4 : 2;
    widths.push(width);
    u += width;
  }
  return widths;
}

/**
 * The kernel's `weights` table from [units][depth]: per block (rv32FcBlocks), input after
 * input, the block's weights of that input side by side (zero rows past the last unit), so
 * each loaded input byte meets them at immediate offsets from one pointer.
 */
export function rv32FcWeightTable(w: Int8Array, units: number, depth: number): Int8Array {
  const widths = rv32FcBlocks(units);
  const out = new Int8Array(widths.reduce((a, b) => a + b, 0) * depth);
  let o = 0;
  let u = 0;
  for (const width of widths) {
    for (let d = 0; d < depth; d++) for (let j = 0; j < width; j++, o++) if (u + j < units) out[o] = w[(u + j) * depth + d] as number;
    u += width;
  }
  return out;
}

/**
 * Int8 fully connected (`runtime-c/kernels/anvil_fully_connected_rv32_s8.h`): units in blocks
 * of up to eight sharing each input load. The bias folds the input offset and the constant
 * depth·input_offset·weights_offset; the kernel adds weights_offset·Σ x itself.
 */
export function emitFullyConnectedRv32(node: NodeOf<'FULLY_CONNECTED'>, ctx: KernelEmitContext): KernelCall {
  const p = fullyConnectedParams(node, ctx.graph);
  const w = constantInt8(ctx.graph, node.inputs[1]);
  if (w === undefined) throw new Error(`${node.name}: anvil_fully_connected_rv32_s8 needs constant int8 weights`);
  const D = p.depth;
  const padded = rv32FcBlocks(p.units).reduce((a, b) => a + b, 0);
  const constant = Math.imul(Math.imul(D, p.inputOffset), p.weightsOffset);
  const bias = foldedBias(ctx.graph, node.inputs[2], p.units, D, p.inputOffset, (c, k) => w[c * D + k] as number, {
    padTo: padded,
    extra: constant,
  });
  return {
    function: 'anvil_fully_connected_rv32_s8',
    operands: [0],
    params: [
      ['batches', p.batches],
      ['units', p.units],
      ['depth', D],
      ['weights_offset', p.weightsOffset],
      ...rv32OutputParams(p),
      ...rv32RequantParams(p.outputMultipliers, p.outputShifts),
      ['weights', int8Table(rv32FcWeightTable(w, p.units, D))],
      ['bias', int32Table(bias)],
    ],
  };
}
