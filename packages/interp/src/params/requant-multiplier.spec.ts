import { describe, expect, it } from 'vitest';
import type { Tensor } from '@anvil/core';
import { accumulatorBounds } from './accumulator-bound.js';
import { requantMultiplier } from './requant-multiplier.js';

describe('requantMultiplier, single rounding', () => {
  it('keeps TFLite’s form for double-rounding graphs and for multipliers of 0.5 and more', () => {
    // frexp(0.01) = 0.64 · 2^-6; 0.64 · 2^31 = 1374389534.72 → 1374389535.
    expect(requantMultiplier(0.01, 'n', 'out')).toEqual({ multiplier: 1374389535, shift: -6 });
    expect(requantMultiplier(0.01, 'n', 'out', { rounding: 'double', bound: 1 })).toEqual({ multiplier: 1374389535, shift: -6 });
    // 0.75 = 0.75 · 2^0: no right shift to remove.
    expect(requantMultiplier(0.75, 'n', 'out', { rounding: 'single', bound: 1000 })).toEqual({ multiplier: 1610612736, shift: 0 });
  });

  it('drops the right shift when the bound on |x| makes one rounding the closer form', () => {
    // round(0.01 · 2^31) = round(21474836.48) = 21474836. Error of that form: at most
    // 1000 / 2^32 steps, against 2^-7 for the second rounding of TFLite's form.
    expect(requantMultiplier(0.01, 'n', 'out', { rounding: 'single', bound: 1000 })).toEqual({ multiplier: 21474836, shift: 0 });
  });

  it('keeps the right shift when |x| is so large that the coarse multiplier would be worse', () => {
    // 1.5 · 2^-20 = 0.75 · 2^-19. With |x| up to 2^29 the coarse form errs by up to 2^-3
    // steps; the second rounding of TFLite's form by about 2^-20.
    expect(requantMultiplier(1.5 * 2 ** -20, 'n', 'out', { rounding: 'single', bound: 2 ** 29 })).toEqual({
      multiplier: 1610612736,
      shift: -19,
    });
  });
});

const tensor = (shape: number[], dtype: 'int8' | 'int32', values: number[]): Tensor => ({
  id: 0,
  name: 't',
  shape,
  dtype,
  data: dtype === 'int8' ? new Uint8Array(Int8Array.from(values).buffer) : new Uint8Array(Int32Array.from(values).buffer),
});

describe('accumulatorBounds', () => {
  it('is Σ|w| · max|x - zero point| + |bias| per output channel', () => {
    const w = tensor([2, 1, 1, 3], 'int8', [1, -2, 3, -4, 5, -6]);
    const b = tensor([2], 'int32', [10, -20]);
    // Zero point -128: x - zp spans 0 .. 255.
    expect(accumulatorBounds(w, b, 0, 2, -128)).toEqual([6 * 255 + 10, 15 * 255 + 20]);
    // Zero point 0: x spans -128 .. 127, so 128 is the largest |x|.
    expect(accumulatorBounds(w, undefined, 0, 2, 0)).toEqual([6 * 128, 15 * 128]);
    // One multiplier for the layer: the largest channel's bound.
    expect(accumulatorBounds(w, b, 0, 1, -128)).toEqual([15 * 255 + 20]);
  });

  it('reads the channel on the last axis for depthwise filters', () => {
    const w = tensor([1, 1, 2, 2], 'int8', [1, -2, 3, -4]);
    expect(accumulatorBounds(w, undefined, 3, 2, -128)).toEqual([4 * 255, 6 * 255]);
  });

  it('gives no bound for weights that are not constant int8', () => {
    expect(accumulatorBounds({ id: 0, name: 'w', shape: [2, 3], dtype: 'int8' }, undefined, 0, 2, 0)).toEqual([Infinity, Infinity]);
  });
});
