import type { MinMaxParams } from '../params/minimum-maximum.js';
import { broadcastIndices } from './broadcast.js';

/** reference_ops::MaximumMinimumBroadcastSlow on int8: the stored values compared as they are. */
function pick(p: MinMaxParams, a: Int8Array, b: Int8Array, choose: (x: number, y: number) => number): Int8Array {
  const { a: ia, b: ib } = broadcastIndices(p.input1Shape, p.input2Shape, p.outputShape);
  const output = new Int8Array(ia.length);
  for (let i = 0; i < output.length; i++) output[i] = choose(a[ia[i] as number] as number, b[ib[i] as number] as number);
  return output;
}

export function minimum(p: MinMaxParams, a: Int8Array, b: Int8Array): Int8Array {
  return pick(p, a, b, Math.min);
}

export function maximum(p: MinMaxParams, a: Int8Array, b: Int8Array): Int8Array {
  return pick(p, a, b, Math.max);
}
