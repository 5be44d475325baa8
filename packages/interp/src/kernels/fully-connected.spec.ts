import { describe, expect, it } from 'vitest';
import { fullyConnectedPerTensorMultiplier } from '../params/fully-connected.js';
import { perChannelMultipliers } from '../params/conv-multipliers.js';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';

describe('FULLY_CONNECTED', () => {
  it('computes weights x (input - zp) + bias per row of the flattened input', () => {
    // Input [1, 2, 3] and [3, 2, 1] stored with zero point -1 (reals 2,3,4 and 4,3,2).
    // Weights [[1, 1, 1], [1, -1, 0]], bias [10, 0]:
    //   row 0: [2+3+4+10, 2-3] = [19, -1];  row 1: [4+3+2+10, 4-3] = [19, 1].
    const b = new GraphBuilder();
    const x = b.input([2, 3], { scale: 1, zeroPoint: -1 });
    const w = b.int8Const([2, 3], [1, 1, 1, 1, -1, 0], { scale: 1 });
    const bias = b.int32Const([2], [10, 0]);
    const y = b.tensor([2, 2], 'int8', { scale: 1 });
    const g = b.node('FULLY_CONNECTED', [x, w, bias], [y], { activation: 'NONE', keepNumDims: false }).output(y).build();
    expect(runInt8(g, [1, 2, 3, 3, 2, 1])).toEqual([19, -1, 19, 1]);
  });

  it('uses per-unit multipliers for per-channel weights', () => {
    // Unit scales 1 and 0.5 on accumulator 7: 7 and 3.5 -> high-mul rounds up to 4.
    const b = new GraphBuilder();
    const x = b.input([1, 1], { scale: 1 });
    const w = b.int8Const([2, 1], [1, 1], { scale: [1, 0.5], axis: 0 });
    const y = b.tensor([1, 2], 'int8', { scale: 1 });
    const g = b.node('FULLY_CONNECTED', [x, w, -1], [y], { activation: 'NONE', keepNumDims: false }).output(y).build();
    expect(runInt8(g, [7])).toEqual([7, 4]);
  });

  it('multiplies input and filter scales in float32 for per-tensor weights, unlike conv', () => {
    // s = 1 + 2^-12 (a float32). s*s = 1 + 2^-11 + 2^-24 exactly; in float32 the 2^-24 is a tie
    // on the last place and rounds to even, leaving 1 + 2^-11. Divided by 2 and scaled by 2^31:
    //   float32 product: (0.5 + 2^-12) * 2^31          = 2^30 + 2^19         = 1074266112
    //   double product:  (0.5 + 2^-12 + 2^-25) * 2^31  = 2^30 + 2^19 + 2^6   = 1074266176
    const s = 1 + 2 ** -12;
    expect(fullyConnectedPerTensorMultiplier(s, s, 2, 'fc')).toEqual({ multiplier: 1074266112, shift: 0 });
    expect(perChannelMultipliers(s, [s], 2, 1, 'conv')).toEqual([{ multiplier: 1074266176, shift: 0 }]);
  });
});
