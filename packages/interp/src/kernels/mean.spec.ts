import { describe, expect, it } from 'vitest';
import { foldMeanCount } from '../params/mean.js';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';
import type { QuantSpec } from '../test-support/graph-builder.js';

function meanGraph(inShape: number[], axes: number[], outShape: number[], keepDims: boolean, qx: QuantSpec, qy: QuantSpec = qx) {
  const b = new GraphBuilder();
  const x = b.input(inShape, qx);
  const a = b.int32Const([axes.length], axes);
  const y = b.tensor(outShape, 'int8', qy);
  return b.node('MEAN', [x, a], [y], { keepDims }).output(y).build();
}

describe('MEAN', () => {
  it('folds 1/count into the multiplier', () => {
    // Real 1 is (2^30, 1). Count 4: s = min(2, 32, 32) = 2, 2^30 * 4 / 4 = 2^30, shift 1 - 2.
    expect(foldMeanCount({ multiplier: 2 ** 30, shift: 1 }, 4)).toEqual({ multiplier: 2 ** 30, shift: -1 });
    // Count 3: s = 1, 2^31 / 3 = 715827882.67 truncated, shift 0.
    expect(foldMeanCount({ multiplier: 2 ** 30, shift: 1 }, 3)).toEqual({ multiplier: 715827882, shift: 0 });
  });

  it('averages over H and W with double rounding', () => {
    const g = meanGraph([1, 2, 2, 1], [1, 2], [1, 1, 1, 1], true, { scale: 1 });
    // Sum 11 with (2^30, -1): high-mul 5.5 -> 6, then 6 / 2 = 3 (true 2.75 -> 3).
    expect(runInt8(g, [1, 2, 3, 5])).toEqual([3]);
    // Sum -7: high-mul -3.5 -> -3 (ties go up), then -3 / 2 = -1.5 -> -2 (true -1.75 -> -2).
    expect(runInt8(g, [-1, -2, -2, -2])).toEqual([-2]);
  });

  it('subtracts zero point times count and adds the output zero point', () => {
    // Reals 1, 2, 3, 5 stored with zp 1: 15 - 1*4 = 11 -> 3, plus output zp 1 -> 4.
    expect(runInt8(meanGraph([1, 2, 2, 1], [1, 2], [1, 1, 1, 1], true, { scale: 1, zeroPoint: 1 }), [2, 3, 4, 6])).toEqual([4]);
  });

  it('requantizes when the output scale differs', () => {
    // Scale 1 -> 0.5 is real 2 = (2^30, 2); count 4 folds to (2^30, 0): 11 -> 5.5 -> 6.
    expect(runInt8(meanGraph([1, 2, 2, 1], [1, 2], [1, 1, 1, 1], true, { scale: 1 }, { scale: 0.5 }), [1, 2, 3, 5])).toEqual([6]);
  });

  it('handles a count that is not a power of two', () => {
    // Sum 4 with (715827882, 0): (4 * 715827882 + 2^30) / 2^31 = 1.83 truncated = 1 (4/3 -> 1).
    expect(runInt8(meanGraph([1, 3], [1], [1], false, { scale: 1 }), [1, 1, 2])).toEqual([1]);
  });

  it('keeps one output per remaining index, de-duplicating and normalising axes', () => {
    // Columns of [[1, 2, 3], [3, 4, 6]] over axis 0 (given as 0 and -2): sums 4, 6, 9 over 2.
    // Real 1 with count 2 folds to (2^30, 0): 2, 3, and 4.5 -> 5.
    expect(runInt8(meanGraph([2, 3], [0, -2], [3], false, { scale: 1 }), [1, 2, 3, 3, 4, 6])).toEqual([2, 3, 5]);
  });
});

describe('MEAN of an empty input', () => {
  it('writes zeros, not the zero point, as TFLM returns before reducing', () => {
    const g = meanGraph([2, 0], [1], [2], false, { scale: 1, zeroPoint: 7 });
    expect(runInt8(g, [])).toEqual([0, 0]);
  });
});
