import type { KernelCall, KernelEmitContext, NodeOf } from '@anvil/core';
import { addParams } from '@anvil/interp';
import { addQuantParams, flatAddSize } from '@anvil/codegen-c';
import type { SimdBackend } from './simd-backend.js';

// What the DSP and Helium ADDs claim (no broadcasting, parameters they compute exactly) is
// codegen-c's flatAddSupported, shared with every target's vector ADD.
export { addQuantizationExact, flatAddSupported as addSupported } from '@anvil/codegen-c';

/**
 * Int8 ADD over a flat element count (`runtime-c/kernels/anvil_add_{dsp,mve}_s8.h`). Every
 * parameter is structural (plain numbers): in a specialised call the shifts become immediates
 * and the exact input (the one of the larger scale, whose ratio is 1/2) loses its multiply.
 */
export function emitAddSimd(node: NodeOf<'ADD'>, ctx: KernelEmitContext, isa: SimdBackend): KernelCall {
  const p = addParams(node, ctx.graph);
  return { function: `anvil_add_${isa.isa}_s8`, operands: [0, 1], params: [['size', flatAddSize(p)], ...addQuantParams(p)] };
}
