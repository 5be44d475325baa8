import type { Graph, NodeOf } from '@anvil/core';
import { addParams, pool2dParams } from '@anvil/interp';
import type { AddParams, Pool2dParams } from '@anvil/interp';

// What every target's vector (SIMD) ADD and pooling kernels may claim: the conditions under
// which their arithmetic is provably the reference's, whatever the ISA. The kernels share the
// portable parameter structs (addQuantParams, pool2dKernelParams), so the claims are shared too.

const elements = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);

/** The interpreter's parameters, or undefined where it rejects the node (the portable emitter then reports it). */
function derived<P>(derive: () => P): P | undefined {
  try {
    return derive();
  } catch {
    return undefined;
  }
}

/**
 * Whether a vector ADD is exact for these parameters: multipliers in [0, 2^31) (TFLite's are in
 * [2^30, 2^31), or 0), right shifts only (at most 31), and a left shift of 1 to 20, which keeps
 * the lifted inputs inside int32 as the reference needs them (TFLite's is 20).
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
 * are read in output order, as the portable kernel's `flat`), with parameters a vector kernel
 * computes exactly. Broadcasting ADDs keep the portable kernel.
 */
export function flatAddSupported(node: NodeOf<'ADD'>, graph: Graph): boolean {
  const [a, b] = node.inputs.map((id) => graph.tensors[id]);
  const y = graph.tensors[node.outputs[0] ?? -1];
  if (a?.dtype !== 'int8' || b?.dtype !== 'int8' || y?.dtype !== 'int8') return false;
  const total = elements(y.shape);
  if (elements(a.shape) !== total || elements(b.shape) !== total) return false;
  const p = derived(() => addParams(node, graph));
  return p !== undefined && addQuantizationExact(p);
}

/** The number of elements a flat ADD walks. */
export function flatAddSize(p: AddParams): number {
  return elements(p.outputShape);
}

export type PoolNode = NodeOf<'AVERAGE_POOL_2D'> | NodeOf<'MAX_POOL_2D'>;

/**
 * The most taps a clipped window of a 16-bit-lane average pooling kernel may hold: its sums
 * stay exact while 255 · 128 fits.
 */
export const AVGPOOL_MAX_TAPS = 255;

/** The most taps any clipped window holds: at most the filter, and at most the image, along each axis. */
export function maxWindowTaps(p: Pool2dParams): number {
  const [, inH, inW] = p.inputShape;
  return Math.min(p.filterH, inH) * Math.min(p.filterW, inW);
}

/**
 * Int8 pooling over NHWC tensors, any channel count: MAX_POOL_2D always, AVERAGE_POOL_2D while
 * every clipped window holds at most AVGPOOL_MAX_TAPS taps (larger windows keep the portable
 * kernel, which sums in 32 bits).
 */
export function simdPoolSupported(node: PoolNode, graph: Graph): boolean {
  const x = graph.tensors[node.inputs[0] ?? -1];
  const y = graph.tensors[node.outputs[0] ?? -1];
  if (x?.dtype !== 'int8' || y?.dtype !== 'int8' || x.shape.length !== 4 || y.shape.length !== 4) return false;
  const p = derived(() => pool2dParams(node, graph));
  if (p === undefined) return false;
  return node.op === 'MAX_POOL_2D' || maxWindowTaps(p) <= AVGPOOL_MAX_TAPS;
}
