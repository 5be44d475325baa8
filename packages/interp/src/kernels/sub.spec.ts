import { describe, expect, it } from 'vitest';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';
import type { QuantSpec } from '../test-support/graph-builder.js';

function sub(
  aShape: number[],
  bShape: number[],
  outShape: number[],
  qa: QuantSpec,
  qb: QuantSpec,
  qy: QuantSpec,
  activation: 'NONE' | 'RELU' = 'NONE',
) {
  const b = new GraphBuilder();
  const x = b.input(aShape, qa);
  const z = b.input(bShape, qb);
  const y = b.tensor(outShape, 'int8', qy);
  return b.node('SUB', [x, z], [y], { activation }).output(y).build();
}

describe('SUB', () => {
  it('subtracts exactly with unit scales, broadcasts, and saturates', () => {
    // As for ADD: inputs x*2^20 -> x*2^19, the difference (x-y)*2^19 -> x-y exactly.
    const u = { scale: 1 };
    expect(runInt8(sub([2, 2], [2], [2, 2], u, u, u), [1, 2, 3, 4], [10, 20])).toEqual([-9, -18, -7, -16]);
    expect(runInt8(sub([2], [2], [2], u, u, u), [-100, 100], [100, -100])).toEqual([-128, 127]);
  });

  it('rounds a difference of one and a half away from zero both ways', () => {
    // s1 = 1 (zp 1), s2 = 0.5 (zp -1), so = 1 (zp 2). q1 4 is 3.0, q2 2 is 1.5: scaled1 3*2^19,
    // scaled2 3*2^18, difference 3*2^18; output rescale 2^-19 = (2^30, -18): high-mul 3*2^17,
    // then / 2^18 = 1.5 -> 2. The negated operands (q -2 and -4) give -1.5 -> -2.
    const g = sub([2], [2], [2], { scale: 1, zeroPoint: 1 }, { scale: 0.5, zeroPoint: -1 }, { scale: 1, zeroPoint: 2 });
    expect(runInt8(g, [4, -2], [2, -4])).toEqual([2 + 2, -2 + 2]);
  });

  it('applies a fused RELU at the output zero point', () => {
    const u = { scale: 1, zeroPoint: -3 };
    // Real 1 - 5 = -4 clamps to 0 (q -3); 5 - 1 = 4 (q 1).
    expect(runInt8(sub([2], [2], [2], u, u, u, 'RELU'), [-2, 2], [2, -2])).toEqual([-3, 1]);
  });
});
