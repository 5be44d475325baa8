import { describe, expect, it } from 'vitest';
import { GraphBuilder, asInt8, int32Data, int8Data, runInt8 } from '../test-support/graph-builder.js';
import { interpret } from '../interpret.js';
import { anvilErrorOf } from '../test-support/anvil-error-of.js';

const q = { scale: 0.2, zeroPoint: 1 };

function gatherConst(shape: number[], indexShape: number[], indices: number[], axis: number, outShape: number[]) {
  const b = new GraphBuilder();
  const x = b.input(shape, q);
  const y = b.tensor(outShape, 'int8', q);
  return b
    .node('GATHER', [x, b.int32Const(indexShape, indices)], [y], { axis, batchDims: 0 })
    .output(y)
    .build();
}

describe('GATHER', () => {
  it('picks rows of [[1,2],[3,4],[5,6]], repeating one', () => {
    expect(runInt8(gatherConst([3, 2], [3], [2, 0, 2], 0, [3, 2]), [1, 2, 3, 4, 5, 6])).toEqual([5, 6, 1, 2, 5, 6]);
  });

  it('picks columns with a [2,1] index tensor: the output takes the index shape in place of the axis', () => {
    // [[1,2,3],[4,5,6]] along axis -1 with [[2],[0]]: [2,2,1] = [[[3],[1]],[[6],[4]]].
    expect(runInt8(gatherConst([2, 3], [2, 1], [2, 0], -1, [2, 2, 1]), [1, 2, 3, 4, 5, 6])).toEqual([3, 1, 6, 4]);
  });

  it('reads indices computed at run time', () => {
    const b = new GraphBuilder();
    const x = b.input([3], q);
    const i = b.input([2], undefined, 'int32');
    const y = b.tensor([2], 'int8', q);
    const g = b.node('GATHER', [x, i], [y], { axis: 0, batchDims: 0 }).output(y).build();
    expect(asInt8(interpret(g, [int8Data([7, 8, 9]), int32Data([1, 2])])[0] as Uint8Array)).toEqual([8, 9]);
    // TFLM fails the invocation on an index outside [0, 3).
    expect(anvilErrorOf(() => interpret(g, [int8Data([7, 8, 9]), int32Data([3, 0])]))).toMatchObject({
      code: 'OP_ATTRIBUTE_INVALID',
      message: expect.stringContaining('index 3 is outside [0, 3)'),
    });
    expect(anvilErrorOf(() => interpret(g, [int8Data([7, 8, 9]), int32Data([0, -1])]))).toMatchObject({
      code: 'OP_ATTRIBUTE_INVALID',
      message: expect.stringContaining('index -1'),
    });
  });

  it('refuses batch_dims other than 0', () => {
    const b = new GraphBuilder();
    const x = b.input([2, 2], q);
    const y = b.tensor([2, 1], 'int8', q);
    const g = b
      .node('GATHER', [x, b.int32Const([2, 1], [0, 1])], [y], { axis: 1, batchDims: 1 })
      .output(y)
      .build();
    expect(anvilErrorOf(() => runInt8(g, [1, 2, 3, 4]))).toMatchObject({
      code: 'OP_ATTRIBUTE_INVALID',
      message: expect.stringContaining('batch_dims 1'),
    });
  });
});
