import { describe, expect, it } from 'vitest';
import { asInt8, GraphBuilder, int8Data, runInt8 } from '../test-support/graph-builder.js';
import { interpret } from '../interpret.js';

const q = { scale: 0.1, zeroPoint: -2 };

describe('SPLIT', () => {
  it('cuts the columns of [[0..3],[4..7]] into two halves', () => {
    const b = new GraphBuilder();
    const x = b.input([2, 4], q);
    const y0 = b.tensor([2, 2], 'int8', q);
    const y1 = b.tensor([2, 2], 'int8', q);
    const g = b
      .node('SPLIT', [b.int32Const([], [1]), x], [y0, y1], { numSplits: 2 })
      .output(y0)
      .output(y1)
      .build();
    expect(interpret(g, [int8Data([0, 1, 2, 3, 4, 5, 6, 7])]).map(asInt8)).toEqual([
      [0, 1, 4, 5],
      [2, 3, 6, 7],
    ]);
  });

  it('cuts along a negative axis (the rows)', () => {
    const b = new GraphBuilder();
    const x = b.input([2, 4], q);
    const y0 = b.tensor([1, 4], 'int8', q);
    const y1 = b.tensor([1, 4], 'int8', q);
    const g = b
      .node('SPLIT', [b.int32Const([1], [-2]), x], [y0, y1], { numSplits: 2 })
      .output(y0)
      .output(y1)
      .build();
    expect(interpret(g, [int8Data([0, 1, 2, 3, 4, 5, 6, 7])]).map(asInt8)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });
});

describe('UNPACK', () => {
  it('takes [[0,1],[2,3],[4,5]] apart into its columns', () => {
    const b = new GraphBuilder();
    const x = b.input([3, 2], q);
    const y0 = b.tensor([3], 'int8', q);
    const y1 = b.tensor([3], 'int8', q);
    const g = b.node('UNPACK', [x], [y0, y1], { count: 2, axis: 1 }).output(y0).output(y1).build();
    expect(interpret(g, [int8Data([0, 1, 2, 3, 4, 5])]).map(asInt8)).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
  });
});

describe('PACK', () => {
  const pack = (axis: number, outShape: number[]) => {
    const b = new GraphBuilder();
    const a = b.input([2], q);
    const c = b.input([2], q);
    const y = b.tensor(outShape, 'int8', q);
    return b.node('PACK', [a, c], [y], { count: 2, axis }).output(y).build();
  };

  it('stacks along a new first axis', () => {
    expect(runInt8(pack(0, [2, 2]), [1, 2], [3, 4])).toEqual([1, 2, 3, 4]);
  });

  it('interleaves along a new last axis (axis -1)', () => {
    expect(runInt8(pack(-1, [2, 2]), [1, 2], [3, 4])).toEqual([1, 3, 2, 4]);
  });
});
