import { pool2dKernelParams } from '@anvil/codegen-c';
import type { PoolNode } from '@anvil/codegen-c';
import type { KernelCall, KernelEmitContext } from '@anvil/core';

// What the vector pooling claims (any max pool; average windows of at most 255 taps once
// clipped, as its 16-bit lanes need) is codegen-c's simdPoolSupported, shared with Cortex-M.
export { AVGPOOL_MAX_TAPS, maxWindowTaps, simdPoolSupported as poolSupported } from '@anvil/codegen-c';
export type { PoolNode } from '@anvil/codegen-c';

/**
 * Int8 average or max pooling (`runtime-c/kernels/anvil_{avg,max}pool2d_rvv_s8.h`), with the
 * portable kernels' parameter struct filled as the portable emitter fills it.
 */
export function emitRvvPool(node: PoolNode, ctx: KernelEmitContext): KernelCall {
  const kind = node.op === 'AVERAGE_POOL_2D' ? 'avgpool2d' : 'maxpool2d';
  return { function: `anvil_${kind}_rvv_s8`, operands: [0], params: pool2dKernelParams(node, ctx.graph) };
}
