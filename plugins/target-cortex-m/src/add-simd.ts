import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { addParams } from '@anvil/interp';
import type { AddParams } from '@anvil/interp';
import { addQuantParams } from '@anvil/codegen-c';
import type { SimdBackend } from './simd-backend.js';

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
 * Whether the kernels' arithmetic is exact for these parameters (see anvil_add_{dsp,mve}_s8.h):
 * multipliers in [0, 2^31) (TFLite's are in [2^30, 2^31), or 0), right shifts only (at most 31),
 * and a left shift of 1 to 20, which keeps the doubled sums inside int32 (TFLite's is 20).
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
 * Int8 ADD without broadcasting: both inputs int8 and of the output's element count (so both
 * are read in output order, as the portable kernel's `flat`), with parameters the kernels
 * compute exactly. Broadcasting ADDs keep the portable kernel.
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

/**
 * Int8 ADD over a flat element count (`runtime-c/kernels/anvil_add_{dsp,mve}_s8.h`). Every
 * parameter is structural (plain numbers): in a specialised call the shifts become immediates
 * and the exact input (the one of the larger scale, whose ratio is 1/2) loses its multiply.
 */
export function emitAddSimd(node: NodeOf<'ADD'>, ctx: KernelEmitContext, isa: SimdBackend): KernelCall {
  const p = addParams(node, ctx.graph);
  return { function: `anvil_add_${isa.isa}_s8`, operands: [0, 1], params: [['size', elements(p.outputShape)], ...addQuantParams(p)] };
}
