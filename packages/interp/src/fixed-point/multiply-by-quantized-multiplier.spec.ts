import { describe, expect, it } from 'vitest';
import { multiplyByQuantizedMultiplier as mbqm } from './multiply-by-quantized-multiplier.js';

const HALF = 2 ** 30; // 0.5 in Q0.31

describe('multiplyByQuantizedMultiplier (double rounding)', () => {
  it('applies multiplier and right shift', () => {
    expect(mbqm(100, HALF, 0)).toBe(50); // 100 * 0.5
    expect(mbqm(100, HALF, -1)).toBe(25); // 100 * 0.5 / 2
  });

  it('rounds twice, which can differ from rounding the exact product once', () => {
    // 5 * 0.5 / 2 = 1.25 would round to 1. gemmlowp first rounds 5 * 0.5 = 2.5 up to 3
    // ((5*2^30 + 2^30) / 2^31 = 3), then 3 / 2 = 1.5 rounds away from zero to 2.
    expect(mbqm(5, HALF, -1)).toBe(2);
    // -5 * 0.5 = -2.5: (-5*2^30 + 1 - 2^30) / 2^31 = -3 + 2^-31, truncated to -2; -2 / 2 = -1.
    expect(mbqm(-5, HALF, -1)).toBe(-1);
  });

  it('shifts left before multiplying for a positive shift', () => {
    expect(mbqm(3, HALF, 2)).toBe(6); // (3 * 4) * 0.5
    // real 1.0 is (2^30, 1): x * 2 * 0.5 = x exactly, for both signs.
    expect(mbqm(-77, HALF, 1)).toBe(-77);
  });

  it('wraps the left shift like the int32 multiply TFLM compiles to', () => {
    // 1 << 31 overflows int32 to -2^31; (-2^31 * 2^30 + 1 - 2^30) / 2^31 truncates to -2^30.
    expect(mbqm(1, HALF, 31)).toBe(-(2 ** 30));
  });
});
