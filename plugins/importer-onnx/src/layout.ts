/**
 * Axis permutations between ONNX's logical layout and the layout Anvil stores a tensor in.
 * A perm p means Anvil's axis i is the logical axis p[i] (Anvil shape[i] = logical[p[i]]).
 */

/** NCHW logical → NHWC stored: Anvil's layout for every 4-D activation a window op reads. */
export const NHWC: readonly number[] = [0, 2, 3, 1];

export function identity(rank: number): number[] {
  return Array.from({ length: rank }, (_, i) => i);
}

export function permute(shape: readonly number[], perm: readonly number[]): number[] {
  return perm.map((p) => shape[p] ?? 0);
}

export function samePerm(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length).fill(0);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/**
 * Whether two stored layouts of one logical tensor hold the same bytes in the same order:
 * true when the axes longer than 1 come in the same relative order in both, so a reshape
 * (no data movement) converts one into the other. Unit axes can move freely.
 */
export function sameOrder(logical: readonly number[], a: readonly number[], b: readonly number[]): boolean {
  const long = (perm: readonly number[]): number[] => perm.filter((p) => (logical[p] ?? 0) > 1);
  const la = long(a);
  const lb = long(b);
  return la.length === lb.length && la.every((v, i) => v === lb[i]);
}

/** Transposes row-major element data of `shape` so that out axis i is in axis perm[i]. */
export function transposeData(bytes: Uint8Array, shape: readonly number[], perm: readonly number[], width: number): Uint8Array {
  const rank = shape.length;
  const outShape = permute(shape, perm);
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = (inStrides[i + 1] ?? 1) * (shape[i + 1] ?? 1);
  const out = new Uint8Array(bytes.length);
  const index = new Array<number>(rank).fill(0);
  const count = bytes.length / width;
  for (let o = 0; o < count; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += (index[i] ?? 0) * (inStrides[perm[i] ?? 0] ?? 0);
    out.set(bytes.subarray(src * width, src * width + width), o * width);
    for (let i = rank - 1; i >= 0; i--) {
      index[i] = (index[i] ?? 0) + 1;
      if ((index[i] ?? 0) < (outShape[i] ?? 0)) break;
      index[i] = 0;
    }
  }
  return out;
}
