import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { pool2dParams } from '@anvil/interp';
import type { Pool2dParams } from '@anvil/interp';
import { pool2dKernelParams } from '@anvil/codegen-c';
import type { SimdBackend } from './simd-backend.js';

export type PoolNode = NodeOf<'AVERAGE_POOL_2D'> | NodeOf<'MAX_POOL_2D'>;

/**
 * The most taps a window of the average pooling kernels may hold once clipped to the image:
 * they sum in 16-bit lanes, exact while 255 · 128 fits (see anvil_avgpool2d_{dsp,mve}_s8.h).
 */
export const AVGPOOL_MAX_TAPS = 255;

/** The interpreter's pooling parameters, or undefined where it rejects the node (the portable emitter then reports it). */
function paramsOf(node: PoolNode, graph: Graph): Pool2dParams | undefined {
  try {
    return pool2dParams(node, graph);
  } catch {
    return undefined;
  }
}

/** The most taps any clipped window holds: at most the filter, and at most the image, along each axis. */
export function maxWindowTaps(p: Pool2dParams): number {
  const [, inH, inW] = p.inputShape;
  return Math.min(p.filterH, inH) * Math.min(p.filterW, inW);
}

/**
 * Int8 pooling over NHWC tensors, any channel count: MAX_POOL_2D always, AVERAGE_POOL_2D while
 * every clipped window holds at most 255 taps (its 16-bit sums stay exact; larger windows keep
 * the portable kernel, which sums in 32 bits).
 */
export function poolSupported(node: PoolNode, graph: Graph): boolean {
  const x = graph.tensors[node.inputs[0] ?? -1];
  const y = graph.tensors[node.outputs[0] ?? -1];
  if (x?.dtype !== 'int8' || y?.dtype !== 'int8' || x.shape.length !== 4 || y.shape.length !== 4) return false;
  const p = paramsOf(node, graph);
  if (p === undefined) return false;
  return node.op === 'MAX_POOL_2D' || maxWindowTaps(p) <= AVGPOOL_MAX_TAPS;
}

/**
 * Int8 average or max pooling (`runtime-c/kernels/anvil_{avg,max}pool2d_{dsp,mve}_s8.h`), with
 * the portable kernels' parameter struct (`anvil_pool2d_s8_params_t`) filled as the portable
 * emitter fills it, from the interpreter's derivation: every parameter structural (plain
 * numbers), so a specialised call knows the window and channel count at compile time.
 */
export function emitPoolSimd(node: PoolNode, ctx: KernelEmitContext, isa: SimdBackend): KernelCall {
  const kind = node.op === 'AVERAGE_POOL_2D' ? 'avgpool2d' : 'maxpool2d';
  return { function: `anvil_${kind}_${isa.isa}_s8`, operands: [0], params: pool2dKernelParams(node, ctx.graph) };
}
