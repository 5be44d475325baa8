import { addQuantParams, flatAddSize } from '@anvil/codegen-c';
import type { KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { addParams } from '@anvil/interp';

// What the vector ADD claims (no broadcasting; multipliers in [0, 2^31), right shifts of at
// most 31, a lift of 1 to 20 bits, exact as anvil_add_rvv_s8.h argues) is codegen-c's
// flatAddSupported, shared with the Cortex-M SIMD ADDs.
export { addQuantizationExact, flatAddSupported as addSupported } from '@anvil/codegen-c';

/** Int8 ADD over a flat element count (`runtime-c/kernels/anvil_add_rvv_s8.h`). */
export function emitRvvAdd(node: NodeOf<'ADD'>, ctx: KernelEmitContext): KernelCall {
  const p = addParams(node, ctx.graph);
  return { function: 'anvil_add_rvv_s8', operands: [0, 1], params: [['size', flatAddSize(p)], ...addQuantParams(p)] };
}
