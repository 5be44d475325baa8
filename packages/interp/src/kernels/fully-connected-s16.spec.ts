import { describe, expect, it } from 'vitest';
import { fullyConnected16x8 } from './fully-connected-s16.js';
import type { FullyConnected16x8Params } from './fully-connected-s16.js';

const HALF = 1 << 30; // multiplier 0.5 with shift 0 (reduced to 2^14, total shift 15)

function params(over: Partial<FullyConnected16x8Params>): FullyConnected16x8Params {
  return {
    batches: 1,
    units: 1,
    depth: 1,
    weightsOffset: 0,
    outputMultipliers: [HALF],
    outputShifts: [1], // 0.5 * 2 = 1: identity scaling
    activationMin: -32768,
    activationMax: 32767,
    ...over,
  };
}

describe('fullyConnected16x8', () => {
  it('accumulates weights x input per row with no input offset, plus an int64 bias', () => {
    // Rows [100, -200, 300] and [1, 2, 3]; weights [[1, 2, 3], [-1, 0, 1]]; bias [10, 2^33].
    //   row 0: [100 - 400 + 900 + 10, -100 + 300 + 2^33] -> [610, 2^33 + 200]
    //   row 1: [1 + 4 + 9 + 10, -1 + 3 + 2^33]          -> [24, 2^33 + 2]
    // Unit 1 is scaled by 2^-20 (multiplier 0.5, shift -19): 2^33 * 2^-20 = 8192, the +200 and +2
    // are below half a unit.
    const p = params({ batches: 2, units: 2, depth: 3, outputMultipliers: [HALF, HALF], outputShifts: [1, -19] });
    const out = fullyConnected16x8(
      p,
      Int16Array.of(100, -200, 300, 1, 2, 3),
      Int8Array.of(1, 2, 3, -1, 0, 1),
      BigInt64Array.of(10n, 1n << 33n),
    );
    expect(Array.from(out)).toEqual([610, 8192, 24, 8192]);
  });

  it('rounds ties up (towards +inf) on both signs', () => {
    // Scale 0.5 (shift 0): 3 -> 1.5 -> 2; -3 -> -1.5 -> -1; -5 -> -2.5 -> -2.
    const p = params({ units: 3, outputMultipliers: [HALF], outputShifts: [0] });
    const out = fullyConnected16x8(p, Int16Array.of(1), Int8Array.of(3, -3, -5), undefined);
    expect(Array.from(out)).toEqual([2, -1, -2]);
  });

  it('saturates to the activation range and applies the weights offset', () => {
    // 32767 * 127 = 4161409 with identity scaling clamps to 32767; with weights offset 1,
    // (-128 + 1) * 32767 = -4161409 clamps to the activation minimum -1000.
    const p = params({ units: 1, activationMin: -1000 });
    expect(Array.from(fullyConnected16x8(p, Int16Array.of(32767), Int8Array.of(127), undefined))).toEqual([32767]);
    const q = params({ units: 1, weightsOffset: 1, activationMin: -1000 });
    expect(Array.from(fullyConnected16x8(q, Int16Array.of(32767), Int8Array.of(-128), undefined))).toEqual([-1000]);
  });

  it('takes an int32 bias as the schema allows', () => {
    // 5 * 7 + (-40) = -5.
    const out = fullyConnected16x8(params({}), Int16Array.of(5), Int8Array.of(7), Int32Array.of(-40));
    expect(Array.from(out)).toEqual([-5]);
  });
});
