import { describe, expect, it } from 'vitest';
import { rv32ConvFilterTable } from './conv-2d-rv32.js';
import { rv32DepthwiseFilterTable } from './depthwise-conv-2d-rv32.js';
import { rv32FcBlocks, rv32FcWeightTable } from './fully-connected-rv32.js';
import { rv32RequantParams } from './rv32-tables.js';

describe('scalar RV32 kernel tables', () => {
  it('interleaves conv filter rows four channels per tap, zero channels past out_c', () => {
    // Five channels of K = 2: rows [c·10, c·10 + 1].
    const w = Int8Array.from([0, 1, 10, 11, 20, 21, 30, 31, 40, 41]);
    expect(Array.from(rv32ConvFilterTable(w, 5, 2))).toEqual([0, 10, 20, 30, 1, 11, 21, 31, 40, 0, 0, 0, 41, 0, 0, 0]);
  });

  it('transposes the depthwise filter to one channel after another', () => {
    // [1][1][2][3]: taps t0 = [1, 2, 3], t1 = [4, 5, 6] across three channels.
    expect(Array.from(rv32DepthwiseFilterTable(Int8Array.from([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('blocks fully connected units by eight, four, then two, padding at most one row', () => {
    expect(rv32FcBlocks(12)).toEqual([8, 4]);
    expect(rv32FcBlocks(10)).toEqual([8, 2]);
    expect(rv32FcBlocks(13)).toEqual([8, 4, 2]);
    expect(rv32FcBlocks(7)).toEqual([4, 4]);
    expect(rv32FcBlocks(5)).toEqual([4, 2]);
    expect(rv32FcBlocks(1)).toEqual([2]);
    expect(rv32FcBlocks(16)).toEqual([8, 8]);
  });

  it('lays fully connected weights input-major within each block', () => {
    // Three units of depth 2: block of four, [u0d0 u1d0 u2d0 0][u0d1 u1d1 u2d1 0].
    const w = Int8Array.from([1, 2, 3, 4, -5, -6]);
    expect(Array.from(rv32FcWeightTable(w, 3, 2))).toEqual([1, 3, -5, 0, 2, 4, -6, 0]);
    // Five units of depth 1: a block of four, then one of two with a zero row.
    expect(Array.from(rv32FcWeightTable(Int8Array.from([1, 2, 3, 4, 5]), 5, 1))).toEqual([1, 2, 3, 4, 5, 0]);
  });

  it('splits shifts, keeps one entry when uniform and marks right-only requantization', () => {
    const m = 1 << 30;
    expect(rv32RequantParams([m, m], [-3, -3])).toEqual([
      ['per_channel', 0],
      ['right_only', 1],
      ['multiplier', { table: { ctype: 'int32_t', values: [m] } }],
      ['left', { table: { ctype: 'uint8_t', values: [0] } }],
      ['right', { table: { ctype: 'uint8_t', values: [3] } }],
    ]);
    const mixed = rv32RequantParams([m, m + 1], [2, 0]);
    expect(mixed.slice(0, 2)).toEqual([
      ['per_channel', 1],
      ['right_only', 0],
    ]);
    expect(mixed[3]).toEqual(['left', { table: { ctype: 'uint8_t', values: [2, 0] } }]);
    expect(rv32RequantParams([m], [-32])[1]).toEqual(['right_only', 0]);
  });
});
