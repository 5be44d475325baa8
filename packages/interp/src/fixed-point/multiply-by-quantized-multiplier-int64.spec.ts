import { describe, expect, it } from 'vitest';
import { multiplyByQuantizedMultiplierInt64 } from './multiply-by-quantized-multiplier-int64.js';

describe('multiplyByQuantizedMultiplierInt64', () => {
  it('reduces the multiplier to 16 bits with rounding before multiplying', () => {
    // 2^30 (0.5) reduces to (2^30 + 2^15) >> 16 = 2^14; shift 0 -> total shift 15.
    // 3 * 2^14 = 49152, + 2^14 = 65536, >> 15 = 2 (1.5 rounds half up).
    expect(multiplyByQuantizedMultiplierInt64(3n, 1 << 30, 0)).toBe(2);
    // -3 * 2^14 + 2^14 = -32768, >> 15 = -1 (-1.5 rounds towards +inf, unlike the int32 path's -2).
    expect(multiplyByQuantizedMultiplierInt64(-3n, 1 << 30, 0)).toBe(-1);
  });

  it('caps the reduced multiplier at 0x7FFF near 2^31', () => {
    // 0x7FFFFFFF would round to 0x8000; TFLM caps it at 0x7FFF. x = 2^15: (2^15 * 0x7FFF + 2^14) >> 15
    // = 0x7FFF + 0 (the 2^14 is below one unit) = 32767.
    expect(multiplyByQuantizedMultiplierInt64(1n << 15n, 0x7fffffff, 0)).toBe(32767);
  });

  it('applies a positive shift as a smaller right shift and keeps 47-bit inputs exact', () => {
    // multiplier 2^30 -> 2^14, shift 1 -> total 14: x * 2^14 / 2^14 = x, for x = 2^31 - 1.
    expect(multiplyByQuantizedMultiplierInt64((1n << 31n) - 1n, 1 << 30, 1)).toBe(2147483647);
    // x = 2^46 with multiplier 0.5 and shift -16: 2^46 * 2^-1 * 2^-16 = 2^29, exact only with BigInt.
    expect(multiplyByQuantizedMultiplierInt64(1n << 46n, 1 << 30, -16)).toBe(2 ** 29);
  });
});
