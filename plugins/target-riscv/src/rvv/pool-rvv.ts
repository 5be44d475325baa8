import { pool2dKernelParams } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { pool2dParams } from '@anvil/interp';
import type { Pool2dParams } from '@anvil/interp';

export type PoolNode = NodeOf<'AVERAGE_POOL_2D'> | NodeOf<'MAX_POOL_2D'>;

/**
 * The most taps a clipped window of anvil_avgpool2d_rvv_s8 may hold: it sums in 16-bit lanes,
 * exact while 255 · 128 fits.
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

/** Int8 NHWC pooling, any channel count: MAX_POOL_2D always, AVERAGE_POOL_2D up to AVGPOOL_MAX_TAPS taps a window. */
export function poolSupported(node: PoolNode, graph: Graph): boolean {
  const x = graph.tensors[node.inputs[0] ?? -1];
  const y = graph.tensors[node.outputs[0] ?? -1];
  if (x?.dtype !== 'int8' || y?.dtype !== 'int8' || x.shape.length !== 4 || y.shape.length !== 4) return false;
  const p = paramsOf(node, graph);
  if (p === undefined) return false;
  return node.op === 'MAX_POOL_2D' || maxWindowTaps(p) <= AVGPOOL_MAX_TAPS;
}

/**
 * Int8 average or max pooling (`runtime-c/kernels/anvil_{avg,max}pool2d_rvv_s8.h`), with the
 * portable kernels' parameter struct filled as the portable emitter fills it.
 */
export function emitRvvPool(node: PoolNode, ctx: KernelEmitContext): KernelCall {
  const kind = node.op === 'AVERAGE_POOL_2D' ? 'avgpool2d' : 'maxpool2d';
  return { function: `anvil_${kind}_rvv_s8`, operands: [0], params: pool2dKernelParams(node, ctx.graph) };
}
