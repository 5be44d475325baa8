/**
 * For each output element of a NumPy-style broadcast, the flat index of the element of each
 * input it reads. TFLM walks the same mapping with strides of 0 on broadcast axes
 * (NdArrayDescsForElementwiseBroadcast), so elementwise results do not depend on how it loops.
 */
export function broadcastIndices(
  aShape: readonly number[],
  bShape: readonly number[],
  outShape: readonly number[],
): { a: Int32Array; b: Int32Array } {
  const rank = outShape.length;
  const strides = (shape: readonly number[]): number[] => {
    const s = new Array<number>(rank).fill(0);
    let stride = 1;
    for (let k = shape.length - 1; k >= 0; k--) {
      const axis = rank - shape.length + k;
      const extent = shape[k] ?? 1;
      s[axis] = extent === 1 ? 0 : stride;
      stride *= extent;
    }
    return s;
  };
  const sa = strides(aShape);
  const sb = strides(bShape);
  const total = outShape.reduce((p, d) => p * d, 1);
  const a = new Int32Array(total);
  const b = new Int32Array(total);
  const index = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < total; i++) {
    a[i] = ia;
    b[i] = ib;
    // Odometer increment from the innermost axis, keeping both input offsets in step.
    for (let axis = rank - 1; axis >= 0; axis--) {
      const next = (index[axis] ?? 0) + 1;
      if (next < (outShape[axis] ?? 1)) {
        index[axis] = next;
        ia += sa[axis] ?? 0;
        ib += sb[axis] ?? 0;
        break;
      }
      index[axis] = 0;
      ia -= (next - 1) * (sa[axis] ?? 0);
      ib -= (next - 1) * (sb[axis] ?? 0);
    }
  }
  return { a, b };
}
