import { describe, expect, it } from 'vitest';
import { broadcastStrides, elementwiseLoops } from './broadcast-loops.js';

describe('broadcast loops', () => {
  it('gives stride 0 on broadcast axes and row-major strides elsewhere', () => {
    // [5] against [1,3,4,5]: only the last axis moves, stride 1.
    expect(broadcastStrides([5], [1, 3, 4, 5])).toEqual([0, 0, 0, 1]);
    // [1,1,4,1] against [1,3,4,5]: axis 2 moves with stride 1 (its own extent is 4, inner 1).
    expect(broadcastStrides([1, 1, 4, 1], [1, 3, 4, 5])).toEqual([0, 0, 1, 0]);
    expect(broadcastStrides([1, 3, 4, 5], [1, 3, 4, 5])).toEqual([0, 20, 5, 1]);
  });

  it('uses one flat loop when no input broadcasts', () => {
    const c = elementwiseLoops([2, 3], [[2, 3], [6]], (o) => `    y[o] = a[${o[0]}] + b[${o[1]}];`);
    expect(c).toContain('for (o = 0; o < 6; ++o)');
    expect(c).toContain('a[o] + b[o]');
  });

  it('nests loops with per-input offsets when an input broadcasts', () => {
    const c = elementwiseLoops([2, 3], [[2, 3], [3]], (o) => `y[o] = a[${o[0]}] + b[${o[1]}];`);
    expect(c).toContain('a[i0 * 3 + i1] + b[i1]');
    expect(c).toContain('++o;');
  });
});
