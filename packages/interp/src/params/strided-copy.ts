/**
 * A copy of selected input elements in output order: output element i (its index over
 * outputShape) is input element base + sum(i[k] * inputStrides[k]). TRANSPOSE and
 * STRIDED_SLICE are both this; the C kernel anvil_strided_copy_s8 takes the same numbers.
 */
export interface StridedCopyParams {
  readonly outputShape: readonly number[];
  /** Input elements per step along each output axis (negative for a backwards slice). */
  readonly inputStrides: readonly number[];
  readonly base: number;
}

/** Row-major strides of a dense shape, in elements. */
export function denseStridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let k = shape.length - 2; k >= 0; k--) s[k] = (s[k + 1] as number) * (shape[k + 1] as number);
  return s;
}
