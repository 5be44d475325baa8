import { describe, expect, it } from 'vitest';
import { INT32_MAX, INT32_MIN } from './int32.js';
import { saturatingRoundingDoublingHighMul as srdhm } from './saturating-rounding-doubling-high-mul.js';

/** The C definition, in BigInt: (a*b + nudge) / 2^31 truncated toward zero, saturating -1 * -1. */
function model(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates like C
}

describe('saturatingRoundingDoublingHighMul', () => {
  it('saturates INT32_MIN * INT32_MIN, the only product that does not fit', () => {
    // (-1) * (-1) = +1 is not representable in Q0.31, so gemmlowp returns INT32_MAX.
    expect(srdhm(INT32_MIN, INT32_MIN)).toBe(INT32_MAX);
  });

  it('rounds a positive tie up', () => {
    // 2^15 * 2^15 = 2^30; (2^30 + 2^30) / 2^31 = 1: a value of exactly 0.5 becomes 1.
    expect(srdhm(1 << 15, 1 << 15)).toBe(1);
  });

  it('rounds a negative tie toward zero (ties go up, not away from zero)', () => {
    // -2^30 + (1 - 2^30) = -2^31 + 1; / 2^31 = -0.99999... truncated = 0. So -0.5 -> 0.
    expect(srdhm(-(1 << 15), 1 << 15)).toBe(0);
    // -3 * 2^30 (value -1.5): -3*2^30 + 1 - 2^30 = -2^32 + 1; / 2^31 truncates to -1.
    expect(srdhm(-3 * (1 << 15), 1 << 15)).toBe(-1);
    // Just past the tie: -(2^30 + 1) + 1 - 2^30 = -2^31; / 2^31 = -1 exactly.
    expect(srdhm(-1, (1 << 30) + 1)).toBe(-1);
  });

  it('is exact where the 64-bit product exceeds 2^53', () => {
    // (2^31-1)^2 = 2^62 - 2^32 + 1; + 2^30 then / 2^31 = 2^31 - 2 + (2^30 + 1) / 2^31 -> 2^31 - 2.
    expect(srdhm(INT32_MAX, INT32_MAX)).toBe(2147483646);
    // -2^31 (2^31 - 1) = -2^62 + 2^31; + 1 - 2^30; / 2^31 = -2^31 + 1/2 + 2^-31 -> -2^31 + 1.
    expect(srdhm(INT32_MIN, INT32_MAX)).toBe(-2147483647);
    // 2^30 * 2^30 = 2^60; (2^60 + 2^30) / 2^31 = 2^29 + 1/2 -> 2^29.
    expect(srdhm(1 << 30, 1 << 30)).toBe(1 << 29);
  });

  it('is zero when either factor is zero (the nudge alone never reaches 2^31)', () => {
    expect(srdhm(0, INT32_MIN)).toBe(0);
    expect(srdhm(INT32_MAX, 0)).toBe(0);
  });

  it('agrees with a BigInt model of the C code on pseudo-random and edge operands', () => {
    const edges = [INT32_MIN, INT32_MIN + 1, -65537, -65536, -32768, -1, 0, 1, 32767, 65535, 65536, 1 << 30, INT32_MAX];
    let x = 0x9e3779b9;
    const next = (): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x | 0;
    };
    const values = [...edges];
    for (let i = 0; i < 400; i++) values.push(next(), next() >> (next() & 31));
    for (const a of values) for (const b of edges) expect(srdhm(a, b)).toBe(model(a, b));
    for (let i = 0; i < 20000; i++) {
      const a = next();
      const b = next();
      expect(srdhm(a, b)).toBe(model(a, b));
    }
  });
});
