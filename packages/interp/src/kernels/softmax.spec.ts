import { describe, expect, it } from 'vitest';
import { softmaxInputScaling } from '../params/softmax.js';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';

function softmaxGraph(shape: number[], scale: number, beta = 1) {
  const b = new GraphBuilder();
  const x = b.input(shape, { scale });
  const y = b.tensor(shape, 'int8', { scale: 1 / 256, zeroPoint: -128 });
  return b.node('SOFTMAX', [x], [y], { beta }).output(y).build();
}

describe('SOFTMAX parameters', () => {
  it('derives multiplier, shift and diff_min as PreprocessSoftmaxScaling does', () => {
    // beta 1, scale 1: 2^26 = 0.5 * 2^27 -> (2^30, 27); radius floor(31 * 2^26 / 2^27) = 15.
    expect(softmaxInputScaling(1, 1, 's')).toEqual({ multiplier: 2 ** 30, leftShift: 27, diffMin: -15 });
    // 0.1f = 13421773 * 2^-27, times 2^26 = 6710886.5 = (6710886.5 / 2^23) * 2^23;
    // the Q31 fraction is 6710886.5 * 2^8 = 1717986944 exactly. Radius floor(31 * 2^3) = 248.
    expect(softmaxInputScaling(1, Math.fround(0.1), 's')).toEqual({ multiplier: 1717986944, leftShift: 23, diffMin: -248 });
    // scale 64: 2^32 is capped at 2^31 - 1 = (2^31 - 1) * 2^-31 * 2^31; radius floor(31/32) = 0.
    expect(softmaxInputScaling(1, 64, 's')).toEqual({ multiplier: 2 ** 31 - 1, leftShift: 31, diffMin: 0 });
  });
});

describe('SOFTMAX', () => {
  it('gives 1/n to each of n equal inputs', () => {
    // exp(0) is INT32_MAX; >> 12 rounds to 2^19 (1.0 in Q12.19). Four of them sum to 2^21:
    // 2 bits over one, reciprocal of exactly 1.0, so each output is ~2^31 >> (2 + 23) = 64,
    // i.e. 64/256 = 1/4, offset to 64 - 128 = -64. Two inputs: 128 - 128 = 0.
    expect(runInt8(softmaxGraph([1, 4], 0.1), [7, 7, 7, 7])).toEqual([-64, -64, -64, -64]);
    expect(runInt8(softmaxGraph([1, 2], 0.1), [-100, -100])).toEqual([0, 0]);
  });

  it('saturates a dominant input at 127 and sends the rest to -128', () => {
    // Differences of -255 * 0.1 are below diff_min (-248): those outputs are -128 and add
    // nothing, the sum is exactly 2^19, and the winner's 256/256 clamps to 127.
    expect(runInt8(softmaxGraph([1, 4], 0.1), [127, -128, -128, -128])).toEqual([127, -128, -128, -128]);
  });

  it('matches the real softmax where the result is far from a rounding boundary', () => {
    // Difference -11 * 0.1 = -1.1: p = 1 / (1 + e^-1.1) = 0.75026 -> 192.07 -> 192 -> 64,
    // and 0.24974 -> 63.93 -> 64 -> -64.
    expect(runInt8(softmaxGraph([1, 2], 0.1), [11, 0])).toEqual([64, -64]);
  });

  it('normalises each row of the last axis separately', () => {
    expect(runInt8(softmaxGraph([2, 2], 0.1), [5, 5, 127, -128])).toEqual([0, 0, 127, -128]);
  });
});
