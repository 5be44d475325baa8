import type { ConcatenationParams } from '../params/concatenation.js';

/** reference_ops::Concatenation for equal quantization: interleave each input's slabs. */
export function concatenation(p: ConcatenationParams, inputs: readonly Uint8Array[]): Uint8Array {
  const slabTotal = p.inputSlabSizes.reduce((a, s) => a + s, 0);
  const output = new Uint8Array(p.outerSize * slabTotal);
  let o = 0;
  for (let outer = 0; outer < p.outerSize; outer++) {
    inputs.forEach((bytes, i) => {
      const size = p.inputSlabSizes[i] ?? 0;
      output.set(bytes.subarray(outer * size, (outer + 1) * size), o);
      o += size;
    });
  }
  return output;
}
