import { describe, expect, it } from 'vitest';
import { axisWindow } from './padding.js';

describe('axisWindow', () => {
  it('SAME keeps ceil(in / stride) outputs and puts the odd pad after', () => {
    // in 49, k 10, s 2: out 25; total = 24*2 + 10 - 49 = 9 → 4 before, 5 after.
    expect(axisWindow('SAME', 49, 10, 2, 1)).toEqual({ out: 25, before: 4 });
    // in 5, k 3, s 1: out 5; total 2 → 1 before.
    expect(axisWindow('SAME', 5, 3, 1, 1)).toEqual({ out: 5, before: 1 });
    // in 4, k 1, s 2: out 2; total = 2 + 1 - 4 < 0 → 0.
    expect(axisWindow('SAME', 4, 1, 2, 1)).toEqual({ out: 2, before: 0 });
  });

  it('VALID never pads and counts whole windows', () => {
    // in 10, k 3, s 2: windows start at 0,2,4,6 → 4.
    expect(axisWindow('VALID', 10, 3, 2, 1)).toEqual({ out: 4, before: 0 });
    expect(axisWindow('VALID', 3, 3, 1, 1)).toEqual({ out: 1, before: 0 });
  });

  it('dilation widens the window', () => {
    // k 3, d 2 → effective 5; VALID in 9, s 1: 5 outputs.
    expect(axisWindow('VALID', 9, 3, 1, 2)).toEqual({ out: 5, before: 0 });
    // SAME in 9, s 1: total = 8 + 5 - 9 = 4 → 2 before.
    expect(axisWindow('SAME', 9, 3, 1, 2)).toEqual({ out: 9, before: 2 });
  });
});
