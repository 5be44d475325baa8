import { describe, expect, it } from 'vitest';
import { activationRangeInt8 } from './activation-range.js';

const q = (scale: number, zeroPoint: number) => ({ scale: Math.fround(scale), zeroPoint });

describe('activationRangeInt8 (CalculateActivationRangeQuantized)', () => {
  it('is the full int8 range without an activation', () => {
    expect(activationRangeInt8('NONE', q(0.5, 3), 'n')).toEqual({ min: -128, max: 127 });
  });

  it('puts RELU at the zero point, never below -128', () => {
    expect(activationRangeInt8('RELU', q(0.5, -3), 'n')).toEqual({ min: -3, max: 127 });
    expect(activationRangeInt8('RELU', q(0.5, -200), 'n')).toEqual({ min: -128, max: 127 });
  });

  it('quantizes 6 with TfLiteRound, ties away from zero', () => {
    // 6 / 0.5 = 12 -> -10 + 12 = 2.
    expect(activationRangeInt8('RELU6', q(0.5, -10), 'n')).toEqual({ min: -10, max: 2 });
    // 6 / 4 = 1.5 -> 2.
    expect(activationRangeInt8('RELU6', q(4, 0), 'n')).toEqual({ min: 0, max: 2 });
    // 6 / 0.01f = 600 -> -128 + 600 = 472, clamped to 127.
    expect(activationRangeInt8('RELU6', q(0.01, -128), 'n')).toEqual({ min: -128, max: 127 });
  });

  it('quantizes -1 and 1 for RELU_N1_TO_1', () => {
    // +-1 / 2 = +-0.5 -> +-1 (away from zero).
    expect(activationRangeInt8('RELU_N1_TO_1', q(2, 0), 'n')).toEqual({ min: -1, max: 1 });
    // 1 / 0.3f = 3.3333332 -> 3, around zero point 10.
    expect(activationRangeInt8('RELU_N1_TO_1', q(0.3, 10), 'n')).toEqual({ min: 7, max: 13 });
  });
});
