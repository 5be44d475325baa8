import { describe, expect, it } from 'vitest';
import type { KernelCall } from '@anvil/core';
import { bandCall } from './band-call.js';

const view = { inRows: 5, outRows: 2, padTop: 0, outElements: 2 * 4 * 3 };

describe('bandCall', () => {
  it('narrows a window kernel to the view: in_h, out_h and pad_top, nothing else', () => {
    const call: KernelCall = {
      function: 'anvil_conv2d_s8',
      operands: [0],
      params: [
        ['in_h', 8],
        ['in_w', 4],
        ['out_h', 4],
        ['pad_top', 1],
        ['pad_left', 1],
        ['filter', 'w0'],
      ],
    };
    expect(bandCall(call, view).params).toEqual([
      ['in_h', 5],
      ['in_w', 4],
      ['out_h', 2],
      ['pad_top', 0],
      ['pad_left', 1],
      ['filter', 'w0'],
    ]);
  });

  it("gives elementwise kernels the band's element count, flat or by size", () => {
    const flat: KernelCall = {
      function: 'anvil_add_s8',
      operands: [0, 1],
      params: [
        ['flat', 1],
        ['out_shape', [1, 1, 1, 1, 1, 96]],
      ],
    };
    expect(bandCall(flat, view).params).toContainEqual(['out_shape', [1, 1, 1, 1, 1, 24]]);
    const simd: KernelCall = { function: 'anvil_add_dsp_s8', operands: [0, 1], params: [['size', 96]] };
    expect(bandCall(simd, view).params).toEqual([['size', 24]]);
  });

  it('refuses a kernel with no row parameters, and a broadcasting elementwise call', () => {
    const fc: KernelCall = { function: 'anvil_fully_connected_s8', operands: [0], params: [['rows', 4]] };
    expect(() => bandCall(fc, view)).toThrow(/no row parameters/);
    const broadcast: KernelCall = {
      function: 'anvil_add_s8',
      operands: [0, 1],
      params: [
        ['flat', 0],
        ['out_shape', [1, 1, 1, 1, 4, 24]],
      ],
    };
    expect(() => bandCall(broadcast, view)).toThrow(/no row parameters/);
  });
});
