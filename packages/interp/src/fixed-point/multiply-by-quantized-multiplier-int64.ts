/**
 * TFLite MultiplyByQuantizedMultiplier(int64_t x, ...) from
 * tensorflow/lite/kernels/internal/common.h, the requantization of the 16x8 kernels' int64
 * accumulators. It is not the int32 double-rounding path: the multiplier is first reduced to
 * 16 bits (rounded, capped at 0x7FFF), then one rounding right shift by 15 - shift. TFLM only
 * guarantees |x| < 2^47, so x * reduced can exceed 2^53 and needs BigInt here; the final
 * narrowing is the C int32 cast (wraps, TFLM DCHECKs it does not).
 */
export function multiplyByQuantizedMultiplierInt64(x: bigint, multiplier: number, shift: number): number {
  const reduced = multiplier < 0x7fff0000 ? (multiplier + (1 << 15)) >> 16 : 0x7fff;
  const totalShift = BigInt(15 - shift);
  const rounded = x * BigInt(reduced) + (1n << (totalShift - 1n));
  return Number(BigInt.asIntN(32, rounded >> totalShift));
}
