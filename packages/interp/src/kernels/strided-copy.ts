import type { StridedCopyParams } from '../params/strided-copy.js';

/** Output elements in row-major order, each read at its strided input offset. */
export function stridedCopy(p: StridedCopyParams, input: Int8Array): Int8Array {
  const rank = p.outputShape.length;
  const total = p.outputShape.reduce((a, d) => a * d, 1);
  const output = new Int8Array(total);
  const index = new Array<number>(rank).fill(0);
  let at = p.base;
  for (let i = 0; i < total; i++) {
    output[i] = input[at] as number;
    // Odometer step from the innermost axis, moving the input offset with it.
    for (let k = rank - 1; k >= 0; k--) {
      const next = (index[k] as number) + 1;
      if (next < (p.outputShape[k] as number)) {
        index[k] = next;
        at += p.inputStrides[k] as number;
        break;
      }
      index[k] = 0;
      at -= (next - 1) * (p.inputStrides[k] as number);
    }
  }
  return output;
}
