import { describe, expect, it } from 'vitest';
import { expOnIntervalBetweenNegativeOneQuarterAnd0Excl, expOnNegativeValues } from './exp-on-negative-values.js';
import { getReciprocal } from './get-reciprocal.js';
import { INT32_MAX } from './int32.js';
import { fixedPointLogistic } from './logistic.js';
import { oneOverOnePlusXForXIn01 } from './one-over-one-plus-x.js';

const Q31 = 2 ** 31;

describe('gemmlowp exp_on_negative_values', () => {
  it('returns exactly one (INT32_MAX) at zero', () => {
    expect(expOnNegativeValues(0, 5)).toBe(INT32_MAX);
    expect(expOnNegativeValues(0, 4)).toBe(INT32_MAX);
  });

  it('uses only the Taylor part for -1/4, whose remainder has no bits set', () => {
    // a = -1/4 in Q5.26 = -2^24: (a & (2^24 - 1)) - 2^24 = -2^24, remainder a_mod - a = 0, so
    // the result is the Taylor polynomial at -1/4 (Q0.31: -2^29) with no barrel factor.
    expect(expOnNegativeValues(-(2 ** 24), 5)).toBe(expOnIntervalBetweenNegativeOneQuarterAnd0Excl(-(2 ** 29)));
  });

  it('evaluates the Taylor polynomial at -1/8 to its constant term', () => {
    // x = a + 1/8 = 0, so every power of x is 0 and the result is exp(-1/8) = 1895147668.
    expect(expOnIntervalBetweenNegativeOneQuarterAnd0Excl(-(2 ** 28))).toBe(1895147668);
  });

  it('tracks exp within the Taylor remainder bound', () => {
    // The polynomial stops at x^4 around -1/8 with |x| <= 1/8, so its error is at most
    // (1/8)^5 / 5! = 2.5e-7 (times exp(0) <= 1); the barrel factors only scale it down.
    for (const v of [-0.001, -0.25, -0.5, -1, -2, -3.5, -7, -10, -15.9]) {
      const a = Math.round(v * 2 ** 26);
      const got = expOnNegativeValues(a, 5) / Q31;
      expect(Math.abs(got - Math.exp(a / 2 ** 26))).toBeLessThan(2.6e-7);
    }
  });
});

describe('gemmlowp one_over_one_plus_x_for_x_in_0_1 and GetReciprocal', () => {
  it('computes 1/(1+x) in Q0.31', () => {
    for (const v of [0, 0.25, 0.5, 0.75, 0.999]) {
      const got = oneOverOnePlusXForXIn01(Math.round(v * Q31)) / Q31;
      expect(Math.abs(got - 1 / (1 + v))).toBeLessThan(1e-8);
    }
  });

  it('normalises the sum by its leading zeros', () => {
    // 2^21 in Q12.19 is 4.0: clz = 10, so 12 - 10 = 2 bits above one, and the normalised
    // value is exactly 1.0, i.e. x = 0 for 1/(1+x).
    const r = getReciprocal(2 ** 21, 12);
    expect(r.numBitsOverUnit).toBe(2);
    expect(r.scale).toBe(oneOverOnePlusXForXIn01(0));
  });
});

describe('gemmlowp logistic', () => {
  it('is exactly one half at zero and symmetric around it', () => {
    expect(fixedPointLogistic(0, 4)).toBe(2 ** 30);
    const a = 3 * 2 ** 27; // 3.0 in Q4.27
    // Negative side is One() - f(|a|) by construction.
    expect(fixedPointLogistic(-a, 4)).toBe(INT32_MAX - fixedPointLogistic(a, 4));
    // exp's 2.5e-7 bound, damped by d/dx 1/(1+x) <= 1, plus a few Q31 roundings.
    expect(Math.abs(fixedPointLogistic(a, 4) / Q31 - 1 / (1 + Math.exp(-3)))).toBeLessThan(2.6e-7);
  });
});
