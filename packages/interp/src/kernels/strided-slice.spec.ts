import { describe, expect, it } from 'vitest';
import type { StridedSliceAttrs } from '@anvil/core';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';
import { anvilErrorOf } from '../test-support/anvil-error-of.js';

const noMasks: StridedSliceAttrs = { beginMask: 0, endMask: 0, shrinkAxisMask: 0 };
// [[0,1,2,3,4],[5,6,7,8,9]]
const X = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

function slice(begin: number[], end: number[], strides: number[], outShape: number[], attrs: Partial<StridedSliceAttrs> = {}) {
  const b = new GraphBuilder();
  const x = b.input([2, 5], { scale: 1 });
  const y = b.tensor(outShape, 'int8', { scale: 1 });
  const c = (v: number[]) => b.int32Const([v.length], v);
  return b
    .node('STRIDED_SLICE', [x, c(begin), c(end), c(strides)], [y], { ...noMasks, ...attrs })
    .output(y)
    .build();
}

describe('STRIDED_SLICE', () => {
  it('takes every second column from 1', () => {
    expect(runInt8(slice([0, 1], [2, 5], [1, 2], [2, 2]), X)).toEqual([1, 3, 6, 8]);
  });

  it('walks backwards from a negative begin to a masked end', () => {
    // Columns: start -1 + 5 = 4, end masked (clamped to -1), stride -2: ceil(-5 / -2) = 3 of them, 4, 2, 0.
    expect(runInt8(slice([0, -1], [2, 0], [1, -2], [2, 3], { endMask: 2 }), X)).toEqual([4, 2, 0, 9, 7, 5]);
  });

  it('drops a shrunk axis and clamps an end past the extent', () => {
    // Row 1 only (shrunk away), columns 1..100 clamped to 1..5.
    expect(runInt8(slice([1, 1], [2, 100], [1, 1], [4], { shrinkAxisMask: 1 }), X)).toEqual([6, 7, 8, 9]);
  });

  it('starts a masked begin at 0 whatever begin says', () => {
    // Rows: begin masked -> 0, end 1; columns 3..5.
    expect(runInt8(slice([1, 3], [1, 5], [1, 1], [1, 2], { beginMask: 1 }), X)).toEqual([3, 4]);
  });

  it('refuses a zero stride, a shrunk axis out of range and an empty slice', () => {
    expect(anvilErrorOf(() => runInt8(slice([0, 0], [2, 5], [1, 0], [2, 5]), X))).toMatchObject({
      code: 'OP_ATTRIBUTE_INVALID',
      message: expect.stringContaining('stride on axis 1 is 0'),
    });
    expect(anvilErrorOf(() => runInt8(slice([2, 0], [3, 5], [1, 1], [5], { shrinkAxisMask: 1 }), X))).toMatchObject({
      code: 'OP_ATTRIBUTE_INVALID',
      message: expect.stringContaining('outside [-2, 2)'),
    });
    expect(anvilErrorOf(() => runInt8(slice([0, 3], [2, 3], [1, 1], [2, 0]), X))).toMatchObject({
      code: 'OP_SHAPE_MISMATCH',
      message: expect.stringContaining('empty'),
    });
  });
});
