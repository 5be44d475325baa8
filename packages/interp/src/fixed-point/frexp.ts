const view = new DataView(new ArrayBuffer(8));

export interface Frexp {
  /** In [0.5, 1) in magnitude, with the sign of the argument. */
  readonly fraction: number;
  readonly exponent: number;
}

/**
 * C `std::frexp` for finite doubles: x = fraction * 2^exponent. Done on the bit pattern so it
 * is exact (a log2-based guess can be off by one next to powers of two). Zero, infinities and
 * NaN come back as (x, 0), which is what glibc returns for them.
 */
export function frexp(x: number): Frexp {
  if (x === 0 || !Number.isFinite(x)) return { fraction: x, exponent: 0 };
  let bias = 0;
  view.setFloat64(0, x);
  if (((view.getUint32(0) >>> 20) & 0x7ff) === 0) {
    // Subnormal: scale into the normal range first (exact), then undo it in the exponent.
    view.setFloat64(0, x * 2 ** 64);
    bias = -64;
  }
  const hi = view.getUint32(0);
  const biasedExponent = (hi >>> 20) & 0x7ff;
  // Give the same mantissa the exponent of 0.5 (1022 biased) to land in [0.5, 1).
  view.setUint32(0, ((hi & 0x800fffff) | (1022 << 20)) >>> 0);
  return { fraction: view.getFloat64(0), exponent: biasedExponent - 1022 + bias };
}
