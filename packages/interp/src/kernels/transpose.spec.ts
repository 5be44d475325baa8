import { describe, expect, it } from 'vitest';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';
import { anvilErrorOf } from '../test-support/anvil-error-of.js';

function transpose(shape: number[], perm: number[], outShape: number[]) {
  const b = new GraphBuilder();
  const x = b.input(shape, { scale: 0.5, zeroPoint: 3 });
  const y = b.tensor(outShape, 'int8', { scale: 0.5, zeroPoint: 3 });
  return b
    .node('TRANSPOSE', [x, b.int32Const([perm.length], perm)], [y], {})
    .output(y)
    .build();
}

describe('TRANSPOSE', () => {
  it('swaps the two axes of a matrix', () => {
    // [[1,2,3],[4,5,6]] transposed is [[1,4],[2,5],[3,6]].
    expect(runInt8(transpose([2, 3], [1, 0], [3, 2]), [1, 2, 3, 4, 5, 6])).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('reverses three axes: out[i][j][k] = in[k][j][i]', () => {
    // in[k][j][i] sits at 4k + 2j + i; walking (i, j, k) row-major reads 0,4,2,6,1,5,3,7.
    expect(runInt8(transpose([2, 2, 2], [2, 1, 0], [2, 2, 2]), [0, 1, 2, 3, 4, 5, 6, 7])).toEqual([0, 4, 2, 6, 1, 5, 3, 7]);
  });

  it('moves the last axis first across a unit axis', () => {
    // [2,1,3] with perm [2,0,1] is [3,2,1]: out[c][a][0] = in[a][0][c].
    expect(runInt8(transpose([2, 1, 3], [2, 0, 1], [3, 2, 1]), [1, 2, 3, 4, 5, 6])).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('refuses a perm that is not a permutation', () => {
    expect(anvilErrorOf(() => runInt8(transpose([2, 2], [0, 0], [2, 2]), [1, 2, 3, 4]))).toMatchObject({
      code: 'OP_ATTRIBUTE_INVALID',
      message: expect.stringContaining('not a permutation'),
    });
  });

  it('refuses rank 6, beyond TFLite Micro', () => {
    const shape = [1, 1, 1, 1, 1, 2];
    expect(anvilErrorOf(() => runInt8(transpose(shape, [5, 4, 3, 2, 1, 0], [...shape].reverse()), [1, 2]))).toMatchObject({
      code: 'OP_ATTRIBUTE_INVALID',
      message: expect.stringContaining('rank 6'),
    });
  });

  it('refuses an output quantized unlike the input (the bytes are copied)', () => {
    const b = new GraphBuilder();
    const x = b.input([2], { scale: 0.5 });
    const y = b.tensor([2], 'int8', { scale: 0.25 });
    const g = b
      .node('TRANSPOSE', [x, b.int32Const([1], [0])], [y], {})
      .output(y)
      .build();
    expect(anvilErrorOf(() => runInt8(g, [1, 2]))).toMatchObject({
      code: 'OP_QUANTIZATION_INVALID',
      message: expect.stringContaining('does not requantize'),
    });
  });
});
