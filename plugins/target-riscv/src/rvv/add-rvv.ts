import { addQuantParams } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { addParams } from '@anvil/interp';
import type { AddParams } from '@anvil/interp';

const elements = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);

/** The interpreter's ADD parameters, or undefined where it rejects the scales (the portable emitter then reports it). */
function paramsOf(node: NodeOf<'ADD'>, graph: Graph): AddParams | undefined {
  try {
    return addParams(node, graph);
  } catch {
    return undefined;
  }
}

/**
 * Whether the kernel is exact for these parameters (anvil_add_rvv_s8.h): integer multipliers
 * in [0, 2^31), right shifts of at most 31 (TFLite's are never left shifts), and a lift of 1
 * to 20 bits (TFLite's is 20), which keeps the lifted inputs inside int32 as the reference
 * needs them.
 */
export function addQuantizationExact(p: AddParams): boolean {
  const multipliers = [p.input1Multiplier, p.input2Multiplier, p.outputMultiplier];
  const shifts = [p.input1Shift, p.input2Shift, p.outputShift];
  return (
    multipliers.every((m) => Number.isInteger(m) && m >= 0 && m < 2 ** 31) &&
    shifts.every((s) => Number.isInteger(s) && s <= 0 && s >= -31) &&
    Number.isInteger(p.leftShift) &&
    p.leftShift >= 1 &&
    p.leftShift <= 20
  );
}

/**
 * Int8 ADD without broadcasting: both inputs and the output int8 with one element count, so
 * all three are walked in the same order. Broadcasting ADDs keep the portable kernel.
 */
export function addSupported(node: NodeOf<'ADD'>, graph: Graph): boolean {
  const [a, b] = node.inputs.map((id) => graph.tensors[id]);
  const y = graph.tensors[node.outputs[0] ?? -1];
  if (a?.dtype !== 'int8' || b?.dtype !== 'int8' || y?.dtype !== 'int8') return false;
  const total = elements(y.shape);
  if (elements(a.shape) !== total || elements(b.shape) !== total) return false;
  const p = paramsOf(node, graph);
  return p !== undefined && addQuantizationExact(p);
}

/** Int8 ADD over a flat element count (`runtime-c/kernels/anvil_add_rvv_s8.h`). */
export function emitRvvAdd(node: NodeOf<'ADD'>, ctx: KernelEmitContext): KernelCall {
  const p = addParams(node, ctx.graph);
  return { function: 'anvil_add_rvv_s8', operands: [0, 1], params: [['size', elements(p.outputShape)], ...addQuantParams(p)] };
}
