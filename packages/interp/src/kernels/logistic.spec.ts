import { describe, expect, it } from 'vitest';
import { logisticInputScaling } from '../params/logistic.js';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';

describe('LOGISTIC', () => {
  it('derives the Q4.27 input rescale and radius', () => {
    // 0.1f * 2^27 = 13421773 = (13421773 / 2^24) * 2^24; Q31 fraction 13421773 * 2^7 = 1717986944.
    // Radius floor(15 * 2^27 / 2^24) = 120.
    expect(logisticInputScaling(Math.fround(0.1), 'l')).toEqual({ multiplier: 1717986944, leftShift: 24, radius: 120 });
  });

  it('computes the sigmoid in Q0.8 offset by -128, saturating beyond the radius', () => {
    const b = new GraphBuilder();
    const x = b.input([7], { scale: 0.1 });
    const y = b.tensor([7], 'int8', { scale: 1 / 256, zeroPoint: -128 });
    const g = b.node('LOGISTIC', [x], [y], {}).output(y).build();
    // 0 -> exactly 1/2 -> 128 - 128 = 0.
    // 10 (1.0): 256 / (1 + e^-1) = 187.15 -> 59;  -10: 68.85 -> 69 -> -59.
    // 119 (11.9): 255.998 -> 256 -> clamped 127;  -119: 0.0017 -> 0 -> -128.
    // 127 and -128 lie beyond the radius 120 and saturate without computing.
    expect(runInt8(g, [0, 10, -10, 119, -119, 127, -128])).toEqual([0, 59, -59, 127, -128, 127, -128]);
  });
});
