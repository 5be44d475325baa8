import { describe, expect, it } from 'vitest';
import type { PoolAttrs } from '@anvil/core';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';

function pool(
  op: 'AVERAGE_POOL_2D' | 'MAX_POOL_2D',
  inShape: number[],
  outShape: number[],
  attrs: Partial<PoolAttrs>,
  zeroPoint = 0,
  scale = 1,
) {
  const b = new GraphBuilder();
  const x = b.input(inShape, { scale, zeroPoint });
  const y = b.tensor(outShape, 'int8', { scale, zeroPoint });
  const full: PoolAttrs = { padding: 'VALID', strideH: 1, strideW: 1, filterH: 1, filterW: 1, activation: 'NONE', ...attrs };
  return b.node(op, [x], [y], full).output(y).build();
}

describe('AVERAGE_POOL_2D', () => {
  it('rounds negative averages half away from zero with truncating division', () => {
    // Sum -7 over 4: (-7 - 2) / 4 = -2.25 truncates to -2 (true -1.75 -> -2).
    expect(runInt8(pool('AVERAGE_POOL_2D', [1, 2, 2, 1], [1, 1, 1, 1], { filterH: 2, filterW: 2 }), [-1, -2, -2, -2])).toEqual([-2]);
    // Sum -5 over 4: (-5 - 2) / 4 = -1.75 truncates to -1 (true -1.25 -> -1).
    expect(runInt8(pool('AVERAGE_POOL_2D', [1, 2, 2, 1], [1, 1, 1, 1], { filterH: 2, filterW: 2 }), [-1, -1, -1, -2])).toEqual([-1]);
  });

  it('rounds ties away from zero', () => {
    // 1x2 windows: -3 / 2: (-3 - 1) / 2 = -2;  3 / 2: (3 + 1) / 2 = 2;  0 stays 0.
    const g = pool('AVERAGE_POOL_2D', [1, 1, 6, 1], [1, 1, 3, 1], { filterW: 2, strideW: 2 });
    expect(runInt8(g, [-1, -2, 1, 2, 0, 0])).toEqual([-2, 2, 0]);
  });

  it('divides by the number of in-image elements only under SAME padding', () => {
    // 3x3 window, SAME, on 2x2: every window holds the 4 pixels (sum 20), count 4 not 9:
    // (20 + 2) / 4 = 5.
    const g = pool('AVERAGE_POOL_2D', [1, 2, 2, 1], [1, 2, 2, 1], { padding: 'SAME', filterH: 3, filterW: 3 });
    expect(runInt8(g, [4, 4, 4, 8])).toEqual([5, 5, 5, 5]);
  });
});

describe('MAX_POOL_2D', () => {
  it('takes the window maximum, then the fused activation clamp', () => {
    // Scale 0.5, zero point -10: RELU6 is [-10, -10 + 12 = 2].
    const g = pool('MAX_POOL_2D', [1, 1, 4, 1], [1, 1, 2, 1], { filterW: 2, strideW: 2, activation: 'RELU6' }, -10, 0.5);
    expect(runInt8(g, [-20, 5, -20, -30])).toEqual([2, -10]);
  });

  it('ignores padding (it never wins the maximum)', () => {
    // All values below zero with SAME padding: a padded zero would win if it were counted.
    const g = pool('MAX_POOL_2D', [1, 1, 3, 1], [1, 1, 3, 1], { padding: 'SAME', filterW: 3 });
    expect(runInt8(g, [-5, -7, -9])).toEqual([-5, -5, -7]);
  });
});
