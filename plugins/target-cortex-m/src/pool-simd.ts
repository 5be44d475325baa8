import type { KernelCall, KernelEmitContext } from '@anvil/core';
import { pool2dKernelParams } from '@anvil/codegen-c';
import type { PoolNode } from '@anvil/codegen-c';
import type { SimdBackend } from './simd-backend.js';

// What the DSP and Helium pooling kernels claim (any max pool; average windows of at most 255
// taps once clipped, as their 16-bit sums need; see anvil_avgpool2d_{dsp,mve}_s8.h) is
// codegen-c's simdPoolSupported, shared with every target's vector pooling.
export { AVGPOOL_MAX_TAPS, maxWindowTaps, simdPoolSupported as poolSupported } from '@anvil/codegen-c';
export type { PoolNode } from '@anvil/codegen-c';

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
