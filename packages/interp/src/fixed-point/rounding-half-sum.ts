/**
 * gemmlowp RoundingHalfSum for int32: (a + b) / 2 with the 64-bit sum nudged by its sign
 * before C's truncating division, i.e. halves round away from zero. a + b is exact in a double.
 */
export function roundingHalfSum(a: number, b: number): number {
  const sum = a + b;
  return Math.trunc((sum + (sum >= 0 ? 1 : -1)) / 2);
}
