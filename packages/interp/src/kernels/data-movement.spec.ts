import { describe, expect, it } from 'vitest';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';

describe('PAD', () => {
  it('fills with the output zero point', () => {
    // [[1, 2], [3, 4]] padded one row before and one column after, zero point 5.
    const b = new GraphBuilder();
    const x = b.input([2, 2], { scale: 1, zeroPoint: 5 });
    const p = b.int32Const([2, 2], [1, 0, 0, 1]);
    const y = b.tensor([3, 3], 'int8', { scale: 1, zeroPoint: 5 });
    const g = b.node('PAD', [x, p], [y], {}).output(y).build();
    expect(runInt8(g, [1, 2, 3, 4])).toEqual([5, 5, 5, 1, 2, 5, 3, 4, 5]);
  });

  it('fills with the PADV2 constant when there is one', () => {
    const b = new GraphBuilder();
    const x = b.input([1, 2], { scale: 1, zeroPoint: 5 });
    const p = b.int32Const([2, 2], [0, 0, 1, 1]);
    const v = b.int8Const([1], [-7], { scale: 1, zeroPoint: 5 });
    const y = b.tensor([1, 4], 'int8', { scale: 1, zeroPoint: 5 });
    const g = b.node('PAD', [x, p, v], [y], {}).output(y).build();
    expect(runInt8(g, [1, 2])).toEqual([-7, 1, 2, -7]);
  });
});

describe('CONCATENATION', () => {
  it('interleaves slabs along an inner axis', () => {
    const b = new GraphBuilder();
    const a = b.input([2, 1], { scale: 1 });
    const c = b.input([2, 2], { scale: 1 });
    const y = b.tensor([2, 3], 'int8', { scale: 1 });
    const g = b.node('CONCATENATION', [a, c], [y], { axis: -1, activation: 'NONE' }).output(y).build();
    expect(runInt8(g, [1, 2], [3, 4, 5, 6])).toEqual([1, 3, 4, 2, 5, 6]);
  });

  it('appends along axis 0', () => {
    const b = new GraphBuilder();
    const a = b.input([1, 2], { scale: 1 });
    const c = b.input([1, 2], { scale: 1 });
    const y = b.tensor([2, 2], 'int8', { scale: 1 });
    const g = b.node('CONCATENATION', [a, c], [y], { axis: 0, activation: 'NONE' }).output(y).build();
    expect(runInt8(g, [1, 2], [3, 4])).toEqual([1, 2, 3, 4]);
  });
});

describe('RESHAPE', () => {
  it('copies the bytes under the new shape', () => {
    const b = new GraphBuilder();
    const x = b.input([2, 2], { scale: 1 });
    const y = b.tensor([4], 'int8', { scale: 1 });
    const g = b.node('RESHAPE', [x], [y], {}).output(y).build();
    expect(runInt8(g, [1, -2, 3, -4])).toEqual([1, -2, 3, -4]);
  });
});
