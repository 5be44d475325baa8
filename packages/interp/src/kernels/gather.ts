import { errors, fail } from '@anvil/core';
import type { GatherParams } from '../params/gather.js';

/**
 * reference gather (TFLM gather.cc) with batch_dims 0: for every outer index, the inner slab
 * at each index in turn. TFLM fails the invocation on an index outside [0, axisSize); so does
 * this, before writing anything.
 */
export function gather(p: GatherParams, params: Int8Array, indices: Int32Array): Int8Array {
  for (let i = 0; i < p.indexCount; i++) {
    const v = indices[i] as number;
    if (v < 0 || v >= p.axisSize) fail(errors.opAttributeInvalid(p.label, `index ${v} is outside [0, ${p.axisSize})`));
  }
  const output = new Int8Array(p.outerSize * p.indexCount * p.innerSize);
  let o = 0;
  for (let outer = 0; outer < p.outerSize; outer++) {
    for (let i = 0; i < p.indexCount; i++) {
      const from = (outer * p.axisSize + (indices[i] as number)) * p.innerSize;
      output.set(params.subarray(from, from + p.innerSize), o);
      o += p.innerSize;
    }
  }
  return output;
}
