import { describe, expect, it } from 'vitest';
import { frexp } from './frexp.js';

describe('frexp', () => {
  it('splits into a fraction in [0.5, 1) and a power of two', () => {
    expect(frexp(1)).toEqual({ fraction: 0.5, exponent: 1 }); // 1 = 0.5 * 2^1
    expect(frexp(0.75)).toEqual({ fraction: 0.75, exponent: 0 });
    expect(frexp(-3)).toEqual({ fraction: -0.75, exponent: 2 }); // -3 = -0.75 * 4
    expect(frexp(2 ** -40)).toEqual({ fraction: 0.5, exponent: -39 });
  });

  it('is exact next to powers of two, where log2 guesses go wrong', () => {
    const below = 1 - 2 ** -53; // largest double under 1
    expect(frexp(below)).toEqual({ fraction: below, exponent: 0 });
  });

  it('handles subnormals and zero', () => {
    expect(frexp(2 ** -1074)).toEqual({ fraction: 0.5, exponent: -1073 });
    expect(frexp(3 * 2 ** -1074)).toEqual({ fraction: 0.75, exponent: -1072 });
    expect(frexp(0)).toEqual({ fraction: 0, exponent: 0 });
  });
});
