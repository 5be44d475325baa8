import { describe, expect, it } from 'vitest';
import type { ConvAttrs } from '@anvil/core';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';

const conv = (over: Partial<ConvAttrs> = {}): ConvAttrs => ({
  padding: 'VALID',
  strideH: 1,
  strideW: 1,
  dilationH: 1,
  dilationW: 1,
  activation: 'NONE',
  ...over,
});

describe('CONV_2D', () => {
  it('requantizes each channel with its own multiplier and shift', () => {
    // Filter scales 0.5 and 0.25 with unit input/output scales: channel 0 is (2^30, shift 0),
    // channel 1 is (2^30, shift -1). Each pixel's accumulator is the input value itself.
    //  x = 5:  ch0 2.5 -> high-mul rounds up to 3;   ch1 high-mul 3, then 3/2 -> 2 (not 1.25 -> 1).
    //  x = -5: ch0 -2.5 -> high-mul ties go up: -2; ch1 high-mul -2, then -2/2 = -1.
    const b = new GraphBuilder();
    const x = b.input([1, 1, 2, 1], { scale: 1 });
    const w = b.int8Const([2, 1, 1, 1], [1, 1], { scale: [0.5, 0.25], axis: 0 });
    const bias = b.int32Const([2], [0, 0]);
    const y = b.tensor([1, 1, 2, 2], 'int8', { scale: 1 });
    const g = b.node('CONV_2D', [x, w, bias], [y], conv()).output(y).build();
    expect(runInt8(g, [5, -5])).toEqual([3, 2, -2, -1]);
  });

  it('skips padded taps, so they count as real zero even with a non-zero input zero point', () => {
    // 3x3 all-ones filter, SAME, over real values 1..9 stored with zero point 1 (q = v + 1).
    // Each output is the sum of its in-image neighbourhood: corners 1+2+4+5 = 12, 2+3+5+6 = 16,
    // 4+5+7+8 = 24, 5+6+8+9 = 28; edges 21, 27, 33, 39; centre 45. Real 1.0 multiplier
    // (2^30, shift 1) reproduces integers exactly.
    const b = new GraphBuilder();
    const x = b.input([1, 3, 3, 1], { scale: 1, zeroPoint: 1 });
    const w = b.int8Const([1, 3, 3, 1], new Array(9).fill(1), { scale: 1 });
    const y = b.tensor([1, 3, 3, 1], 'int8', { scale: 1 });
    const g = b
      .node('CONV_2D', [x, w, -1], [y], conv({ padding: 'SAME' }))
      .output(y)
      .build();
    expect(runInt8(g, [2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([12, 21, 16, 27, 45, 33, 24, 39, 28]);
  });

  it('puts the odd padding after, with stride 2', () => {
    // 4 wide, filter 2, stride 2, SAME: out = 2, total pad = (2-1)*2 + 2 - 4 = 0.
    // 5 wide: out = 3, total pad = 2*2 + 2 - 5 = 1 -> 0 before, 1 after.
    // Filter [1, 10]: out[i] = x[2i] + 10 * x[2i+1], the last window's second tap is padding.
    const b = new GraphBuilder();
    const x = b.input([1, 1, 5, 1], { scale: 1 });
    const w = b.int8Const([1, 1, 2, 1], [1, 10], { scale: 1 });
    const y = b.tensor([1, 1, 3, 1], 'int8', { scale: 1 });
    const g = b
      .node('CONV_2D', [x, w, -1], [y], conv({ padding: 'SAME', strideW: 2 }))
      .output(y)
      .build();
    expect(runInt8(g, [1, 2, 3, 4, 5])).toEqual([1 + 20, 3 + 40, 5]);
  });

  it('applies dilation', () => {
    // Filter [1, 2] with dilation 2 reads x[i] and x[i+2]; VALID over 5 gives 3 outputs.
    const b = new GraphBuilder();
    const x = b.input([1, 1, 5, 1], { scale: 1 });
    const w = b.int8Const([1, 1, 2, 1], [1, 2], { scale: 1 });
    const y = b.tensor([1, 1, 3, 1], 'int8', { scale: 1 });
    const g = b
      .node('CONV_2D', [x, w, -1], [y], conv({ dilationW: 2 }))
      .output(y)
      .build();
    expect(runInt8(g, [1, 2, 3, 4, 5])).toEqual([1 + 6, 2 + 8, 3 + 10]);
  });

  it('adds the bias and clamps with the fused activation', () => {
    // Output scale 0.5, zero point -10: RELU6 clamps to [-10, -10 + 6/0.5 = 2].
    // Accumulators: x * 1 + bias; real multiplier 1/0.5 = 2 -> output 2 * acc - 10.
    //  x = 3, bias 2: 2*5 - 10 = 0.  x = 30: 2*32 - 10 = 54 -> 2.  x = -30: -66 -> -10.
    const b = new GraphBuilder();
    const x = b.input([1, 1, 3, 1], { scale: 1 });
    const w = b.int8Const([1, 1, 1, 1], [1], { scale: 1 });
    const bias = b.int32Const([1], [2]);
    const y = b.tensor([1, 1, 3, 1], 'int8', { scale: 0.5, zeroPoint: -10 });
    const g = b
      .node('CONV_2D', [x, w, bias], [y], conv({ activation: 'RELU6' }))
      .output(y)
      .build();
    expect(runInt8(g, [3, 30, -30])).toEqual([0, 2, -10]);
  });
});

describe('DEPTHWISE_CONV_2D', () => {
  it('maps input channel c to outputs c*m .. c*m + m - 1', () => {
    // Input channels [3, -4], multiplier 2, filter [1, 2, 3, 4], bias [1, 0, 0, 0]:
    // out = [3*1 + 1, 3*2, -4*3, -4*4] = [4, 6, -12, -16].
    const b = new GraphBuilder();
    const x = b.input([1, 1, 1, 2], { scale: 1 });
    const w = b.int8Const([1, 1, 1, 4], [1, 2, 3, 4], { scale: [1, 1, 1, 1], axis: 3 });
    const bias = b.int32Const([4], [1, 0, 0, 0]);
    const y = b.tensor([1, 1, 1, 4], 'int8', { scale: 1 });
    const attrs = { ...conv(), depthMultiplier: 2 };
    const g = b.node('DEPTHWISE_CONV_2D', [x, w, bias], [y], attrs).output(y).build();
    expect(runInt8(g, [3, -4])).toEqual([4, 6, -12, -16]);
  });

  it('pads per channel with SAME', () => {
    // 2x2 filter of ones, SAME on 2x2: total pad 1 per axis, all after. Output (0,0) sees the
    // whole image, (1,1) only itself. Channel 1 doubles channel 0's values.
    const b = new GraphBuilder();
    const x = b.input([1, 2, 2, 2], { scale: 1 });
    const w = b.int8Const([1, 2, 2, 2], new Array(8).fill(1), { scale: 1 });
    const y = b.tensor([1, 2, 2, 2], 'int8', { scale: 1 });
    const attrs = { ...conv({ padding: 'SAME' }), depthMultiplier: 1 };
    const g = b.node('DEPTHWISE_CONV_2D', [x, w, -1], [y], attrs).output(y).build();
    // Channel 0 pixels 1,2,3,4; channel 1 pixels 2,4,6,8.
    expect(runInt8(g, [1, 2, 2, 4, 3, 6, 4, 8])).toEqual([10, 20, 6, 12, 7, 14, 4, 8]);
  });
});
