import { describe, expect, it } from 'vitest';
import { foldedRow } from './lstm.js';

describe('LSTM folded biases', () => {
  it('is offset · Σ w + bias per unit (rows of the [units][depth] weights)', () => {
    const w = Int8Array.of(1, 2, 3, -4, 5, 6);
    // Unit 0: 10 · (1 + 2 + 3) + 5 = 65; unit 1: 10 · (−4 + 5 + 6) − 6 = 64.
    expect(foldedRow(w, 3, 2, 10, Int32Array.of(5, -6))).toEqual([65, 64]);
  });

  it('wraps as the kernel’s int32 sums do', () => {
    const w = Int8Array.of(127, 127);
    // 127 · 2 · 2^24 = 4,261,412,864, which is −33,554,432 in int32; plus 2^31 − 1 wraps again.
    expect(foldedRow(w, 2, 1, 2 ** 24, Int32Array.of(2 ** 31 - 1))).toEqual([(-33554432 + 2147483647) | 0]);
  });
});
