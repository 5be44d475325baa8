import type { SplitParams } from '../params/split.js';

/** reference_ops::Split / Unpack: output j gathers slab j of every outer row. */
export function split(p: SplitParams, input: Uint8Array): Uint8Array[] {
  const row = p.slabs.reduce((a, s) => a + s, 0);
  let offset = 0;
  return p.slabs.map((size) => {
    const out = new Uint8Array(p.outerSize * size);
    for (let outer = 0; outer < p.outerSize; outer++) {
      const from = outer * row + offset;
      out.set(input.subarray(from, from + size), outer * size);
    }
    offset += size;
    return out;
  });
}
