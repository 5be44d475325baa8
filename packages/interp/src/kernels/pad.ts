import type { PadParams } from '../params/pad.js';

/** reference_ops::Pad: the output is the pad value everywhere except the copied input block. */
export function pad(p: PadParams, input: Int8Array): Int8Array {
  const rank = p.inputShape.length;
  const total = p.outputShape.reduce((a, d) => a * d, 1);
  const output = new Int8Array(total).fill(p.padValue);
  const outStrides = new Array<number>(rank).fill(1);
  for (let k = rank - 2; k >= 0; k--) outStrides[k] = (outStrides[k + 1] ?? 1) * (p.outputShape[k + 1] ?? 1);
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < input.length; i++) {
    let o = 0;
    for (let k = 0; k < rank; k++) o += ((index[k] ?? 0) + (p.amounts[k]?.[0] ?? 0)) * (outStrides[k] ?? 1);
    output[o] = input[i] as number;
    for (let k = rank - 1; k >= 0; k--) {
      const next = (index[k] ?? 0) + 1;
      if (next < (p.inputShape[k] ?? 1)) {
        index[k] = next;
        break;
      }
      index[k] = 0;
    }
  }
  return output;
}
