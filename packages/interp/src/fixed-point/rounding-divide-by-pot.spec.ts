import { describe, expect, it } from 'vitest';
import { isAnvilError } from '@anvil/core';
import { INT32_MAX, INT32_MIN } from './int32.js';
import { roundingDivideByPOT } from './rounding-divide-by-pot.js';

describe('roundingDivideByPOT', () => {
  it('rounds ties away from zero on both sides', () => {
    expect(roundingDivideByPOT(5, 1)).toBe(3); // 2.5 -> 3
    // -5: remainder (-5 & 1) = 1, threshold 0 + 1 = 1, not greater, so -5 >> 1 = -3 stays.
    expect(roundingDivideByPOT(-5, 1)).toBe(-3); // -2.5 -> -3
    expect(roundingDivideByPOT(-3, 1)).toBe(-2); // -1.5 -> -2
    expect(roundingDivideByPOT(6, 2)).toBe(2); // 1.5 -> 2
    expect(roundingDivideByPOT(-6, 2)).toBe(-2); // -1.5 -> -2
  });

  it('rounds non-ties to nearest', () => {
    // -7 / 4 = -1.75: -7 >> 2 = -2, remainder 1 <= threshold 2 -> -2.
    expect(roundingDivideByPOT(-7, 2)).toBe(-2);
    // -5 / 4 = -1.25: -5 >> 2 = -2, remainder 3 > threshold 2 -> -1.
    expect(roundingDivideByPOT(-5, 2)).toBe(-1);
    expect(roundingDivideByPOT(5, 2)).toBe(1); // 1.25 -> 1
    expect(roundingDivideByPOT(7, 2)).toBe(2); // 1.75 -> 2
  });

  it('is the identity for a shift of 0', () => {
    expect(roundingDivideByPOT(-7, 0)).toBe(-7);
    expect(roundingDivideByPOT(INT32_MIN, 0)).toBe(INT32_MIN);
  });

  it('handles a shift of 31', () => {
    expect(roundingDivideByPOT(INT32_MIN, 31)).toBe(-1); // exactly -1
    expect(roundingDivideByPOT(1 << 30, 31)).toBe(1); // 0.5 -> 1
    expect(roundingDivideByPOT(-(1 << 30), 31)).toBe(-1); // -0.5 -> -1
    expect(roundingDivideByPOT((1 << 30) - 1, 31)).toBe(0); // just under 0.5
    expect(roundingDivideByPOT(INT32_MAX, 31)).toBe(1); // 0.99999... -> 1
  });

  it('refuses exponents gemmlowp asserts against', () => {
    expect(() => roundingDivideByPOT(1, 32)).toThrow();
    try {
      roundingDivideByPOT(1, -1);
    } catch (e) {
      expect(isAnvilError(e) && e.code).toBe('INTERNAL');
    }
  });
});
