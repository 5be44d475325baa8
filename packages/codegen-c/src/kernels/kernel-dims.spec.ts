import { describe, expect, it } from 'vitest';
import { broadcastStrides, denseStrides, kernelDims } from './kernel-dims.js';

describe('kernel dims', () => {
  it('gives stride 0 on broadcast axes and row-major strides elsewhere', () => {
    // [5] against [1,3,4,5]: only the last axis moves, stride 1.
    expect(broadcastStrides([5], [1, 3, 4, 5])).toEqual([0, 0, 0, 1]);
    // [1,1,4,1] against [1,3,4,5]: axis 2 moves with stride 1 (its own extent is 4, inner 1).
    expect(broadcastStrides([1, 1, 4, 1], [1, 3, 4, 5])).toEqual([0, 0, 1, 0]);
    expect(broadcastStrides([1, 3, 4, 5], [1, 3, 4, 5])).toEqual([0, 20, 5, 1]);
    expect(denseStrides([2, 3, 4])).toEqual([12, 4, 1]);
  });

  it('merges axes every tensor steps over contiguously, and pads to six', () => {
    const out = [2, 3, 4];
    const d = kernelDims('t', out, [broadcastStrides(out, out), broadcastStrides([4], out)]);
    expect(d.extents).toEqual([1, 1, 1, 1, 6, 4]);
    expect(d.strides).toEqual([
      [0, 0, 0, 0, 4, 1],
      [0, 0, 0, 0, 0, 1],
    ]);
    expect(kernelDims('t', [1, 3, 4, 5], [denseStrides([1, 3, 4, 5])]).extents).toEqual([1, 1, 1, 1, 1, 60]);
  });

  it('keeps an innermost axis of extent 1 when asked, and refuses more than six axes', () => {
    expect(kernelDims('t', [3, 1], [[7, 1]], true)).toEqual({ extents: [1, 1, 1, 1, 3, 1], strides: [[0, 0, 0, 0, 7, 1]] });
    const alternating = [2, 2, 2, 2, 2, 2, 2];
    expect(() => kernelDims('t', alternating, [[64, 0, 16, 0, 4, 0, 1]])).toThrow(/at most 6/);
  });
});
