import { describe, expect, it } from 'vitest';
import { quantizeMultiplier, quantizeMultiplierGreaterThanOne, quantizeMultiplierSmallerThanOneExp } from './quantize-multiplier.js';

describe('quantizeMultiplier', () => {
  it('maps powers of two to 2^30 and a shift', () => {
    expect(quantizeMultiplier(0.5)).toEqual({ multiplier: 2 ** 30, shift: 0 }); // 0.5 = 0.5 * 2^0
    expect(quantizeMultiplier(1)).toEqual({ multiplier: 2 ** 30, shift: 1 }); // 0.5 * 2^1
    expect(quantizeMultiplier(2 ** -20)).toEqual({ multiplier: 2 ** 30, shift: -19 });
  });

  it('rounds the Q31 fraction', () => {
    // 0.75 * 2^31 = 1610612736 exactly.
    expect(quantizeMultiplier(0.75)).toEqual({ multiplier: 1610612736, shift: 0 });
    // (0.5 + 2^-32) * 2^31 = 2^30 + 0.5: a tie, rounded away from zero.
    expect(quantizeMultiplier(0.5 + 2 ** -32)).toEqual({ multiplier: 2 ** 30 + 1, shift: 0 });
  });

  it('renormalises when the fraction rounds up to 2^31', () => {
    // (1 - 2^-40) * 2^31 = 2^31 - 2^-9 rounds to 2^31, which is halved with shift + 1.
    expect(quantizeMultiplier(1 - 2 ** -40)).toEqual({ multiplier: 2 ** 30, shift: 1 });
  });

  it('flushes multipliers below 2^-32 to zero', () => {
    expect(quantizeMultiplier(2 ** -32)).toEqual({ multiplier: 2 ** 30, shift: -31 }); // kept
    expect(quantizeMultiplier(2 ** -33)).toEqual({ multiplier: 0, shift: 0 }); // shift -32 < -31
    expect(quantizeMultiplier(0)).toEqual({ multiplier: 0, shift: 0 });
  });

  it('checks the ranges of the SmallerThanOne and GreaterThanOne variants', () => {
    expect(quantizeMultiplierSmallerThanOneExp(0.25)).toEqual({ multiplier: 2 ** 30, shift: -1 });
    expect(quantizeMultiplierSmallerThanOneExp(1)).toBeUndefined();
    expect(quantizeMultiplierSmallerThanOneExp(0)).toBeUndefined();
    // 3 = 0.75 * 2^2.
    expect(quantizeMultiplierGreaterThanOne(3)).toEqual({ multiplier: 1610612736, shift: 2 });
    expect(quantizeMultiplierGreaterThanOne(1)).toBeUndefined();
  });
});
