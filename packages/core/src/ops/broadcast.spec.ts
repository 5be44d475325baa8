import { describe, expect, it } from 'vitest';
import { broadcastShapes } from './broadcast.js';

describe('broadcastShapes', () => {
  it('follows NumPy rules', () => {
    expect(broadcastShapes([1, 4, 4, 8], [8])).toEqual([1, 4, 4, 8]);
    expect(broadcastShapes([1, 1, 3], [2, 1])).toEqual([1, 2, 3]);
    expect(broadcastShapes([], [2, 2])).toEqual([2, 2]);
    expect(broadcastShapes([3], [4])).toBeUndefined();
  });
});
