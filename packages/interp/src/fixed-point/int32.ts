/** Bounds of a C `int32_t`. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/**
 * C `int32_t` addition as TFLM's x86-64 build executes it. Signed overflow is undefined
 * behaviour in C, but the compiled code is a plain `add`, which wraps. The fixed-point helpers
 * use these for gemmlowp's raw (non-saturating) adds; kernel accumulators apply the same
 * `| 0` wrap inline once per output, which is equivalent because wrapping is modular.
 */
export function addWrap(a: number, b: number): number {
  return (a + b) | 0;
}

export function subWrap(a: number, b: number): number {
  return (a - b) | 0;
}

/** Clamp an integer into [lo, hi], as the kernels' `std::min(std::max(...))` pairs do. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
