import { describe, expect, it } from 'vitest';
import { isAnvilError } from '@anvil/core';
import { invSqrtQuantizedMultiplierExp, REVERSE_SHIFT } from '../fixed-point/inv-sqrt.js';
import { rsqrt } from './rsqrt.js';
import type { RsqrtParams } from '../params/rsqrt.js';
import { quantizeMultiplier } from '../fixed-point/quantize-multiplier.js';

describe('GetInvSqrtQuantizedMultiplierExp', () => {
  it('0 and 1 give INT32_MAX with no shift, as the reference special-cases them', () => {
    expect(invSqrtQuantizedMultiplierExp(0, REVERSE_SHIFT)).toEqual({ multiplier: 2147483647, shift: 0 });
    expect(invSqrtQuantizedMultiplierExp(1, REVERSE_SHIFT)).toEqual({ multiplier: 2147483647, shift: 0 });
  });

  it('is 1/√input with the error of five Newton steps from 1 (multiplier · 2^shift / 2^31), across the int32 range', () => {
    // The reference scales the input by an odd power of 2 (powers of 4, and a halving it makes
    // up for with its √2/2) into a in [0.25, 1) and runs five steps of
    // x ← 1.5x − (a/2)x³ from x = 1: not fully converged at a = 0.25 (about 1e-5 short). The
    // same five steps in float64 give the error the fixed-point result must show, to within
    // its own rounding: about 20 roundings of 2^-28 (3.7e-9) each, so at most 1e-7.
    const newton = (a: number): number => {
      let x = 1;
      for (let i = 0; i < 5; i++) x = 1.5 * x - (a / 2) * x ** 3;
      return x;
    };
    for (const input of [2, 3, 4, 5, 9, 16, 100, 255, 1000, 12345, 2 ** 20 + 7, 2 ** 29, 2 ** 31 - 1]) {
      let a = input / 2;
      while (a >= 1) a /= 4;
      while (a < 0.25) a *= 4;
      const expected = newton(a) * Math.sqrt(a) - 1;
      const { multiplier, shift } = invSqrtQuantizedMultiplierExp(input, REVERSE_SHIFT);
      const got = (multiplier / 2 ** 31) * 2 ** shift * Math.sqrt(input) - 1;
      expect(Math.abs(got - expected), `input ${input}: relative error ${got}, float Newton ${expected}`).toBeLessThan(1e-7);
    }
  });

  it('4: brought to 2^28 by 13 pairs of bits (shift 11 − 13 = −2), so the Q0.31 result is shifted up into 2^30 = 0.5', () => {
    const { multiplier, shift } = invSqrtQuantizedMultiplierExp(4, REVERSE_SHIFT);
    expect(shift).toBe(0);
    expect(Math.abs(multiplier - 2 ** 30)).toBeLessThanOrEqual(8);
  });
});

/** Input scale 1/64, zero point -128; output scale 1/16, zero point -128 (hand-computed below). */
function params(inputZeroPoint: number): RsqrtParams {
  // 1 / (√(1/64) · 1/16) = 1 / (1/8 · 1/16) = 128 = 0.5 · 2^8.
  const m = quantizeMultiplier(128);
  return { inputZeroPoint, outputZeroPoint: -128, multiplier: m.multiplier, shift: m.shift };
}

describe('RSQRT (int8)', () => {
  it('computes 1/√x in the output scale, far from rounding ties', () => {
    const x = Int8Array.of(-128 + 64, -128 + 16, -128 + 100, -128 + 1, -128 + 4);
    // value 64 → x = 1.0 → 1 → 16 steps; 16 → 0.25 → 2 → 32; 100 → 1.5625 → 0.8 → 12.8 → 13;
    // 1 → 1/64 → 8 → 128 → 0 after the zero point; 4 → 1/16 → 4 → 64.
    expect(Array.from(rsqrt(params(-128), x, 'RSQRT #0'))).toEqual([16 - 128, 32 - 128, 13 - 128, 128 - 128, 64 - 128]);
  });

  it('0 (the zero point) is the largest output, 127; values past the output range clamp', () => {
    expect(Array.from(rsqrt(params(-128), Int8Array.of(-128), 'RSQRT #0'))).toEqual([127]);
  });

  it('an input below the zero point is a typed error, as the reference refuses negative values', () => {
    let caught: unknown;
    try {
      rsqrt(params(0), Int8Array.of(3, -1), 'RSQRT #7');
    } catch (e) {
      caught = e;
    }
    expect(isAnvilError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/RSQRT #7.*element 1 is -1, below the input zero point 0/);
  });
});
