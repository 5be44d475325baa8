import { describe, expect, it } from 'vitest';
import { isAnvilError } from '@anvil/core';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';
import type { QuantSpec } from '../test-support/graph-builder.js';

function binary(
  op: 'ADD' | 'MUL',
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
  return b.node(op, [x, z], [y], { activation }).output(y).build();
}

describe('ADD', () => {
  it('adds exactly with unit scales and broadcasts the smaller operand', () => {
    // All scales 1: input multipliers 1/2 (2^30, 0), output 2 / 2^20 = 2^-19 (2^30, -18), so
    // x*2^20 -> x*2^19, sum (x+y)*2^19 -> x+y exactly. [2,2] + [2] broadcasts along rows.
    const g = binary('ADD', [2, 2], [2], [2, 2], { scale: 1 }, { scale: 1 }, { scale: 1 });
    expect(runInt8(g, [1, 2, 3, 4], [10, 20])).toEqual([11, 22, 13, 24]);
    expect(runInt8(binary('ADD', [1], [1], [1], { scale: 1 }, { scale: 1 }, { scale: 1 }), [100], [100])).toEqual([127]);
  });

  it('rescales inputs of different scales and rounds the sum half away from zero', () => {
    // s1 = 1, s2 = 0.5: twice_max = 2, input 2 multiplier 0.25 = (2^30, -1). Real 3 + 3*0.5 = 4.5.
    //   scaled1 = 3*2^19, scaled2 = (3*2^20 -> 3*2^19) / 2 = 3*2^18, sum 9*2^18,
    //   output: high-mul 9*2^17, then / 2^18 = 4.5 -> 5; negated inputs give -4.5 -> -5.
    // Zero points: input 1 zp 1 (q 4 is 3 steps), input 2 zp -1 (q 2 is 3 steps, real 1.5),
    // output zp 2; the second pair is the negation (q -2 and q -4).
    const g = binary('ADD', [2], [2], [2], { scale: 1, zeroPoint: 1 }, { scale: 0.5, zeroPoint: -1 }, { scale: 1, zeroPoint: 2 });
    expect(runInt8(g, [4, -2], [2, -4])).toEqual([5 + 2, -5 + 2]);
  });

  it('clamps with RELU at the output zero point', () => {
    const g = binary('ADD', [2], [2], [2], { scale: 1 }, { scale: 1 }, { scale: 1, zeroPoint: -3 }, 'RELU');
    // -5 + 1 = -4, + zp -3 = -7, clamped up to zp -3; 2 + 1 = 3 -> 0.
    expect(runInt8(g, [-5, 2], [1, 1])).toEqual([-3, 0]);
  });

  it('refuses scales TFLite rejects (output rescale not below 1)', () => {
    // twice_max / (2^20 * so) >= 1 when so <= 2 * 1 / 2^20.
    const g = binary('ADD', [1], [1], [1], { scale: 1 }, { scale: 1 }, { scale: 2 ** -20 });
    try {
      runInt8(g, [0], [0]);
      expect.unreachable();
    } catch (e) {
      expect(isAnvilError(e) && e.code).toBe('OP_QUANTIZATION_INVALID');
    }
  });
});

describe('MUL', () => {
  it('multiplies the offset values and rescales once', () => {
    // 0.5 * 0.5 / 0.25 = 1 -> (2^30, 1), exact. (3 - 1) * (-2 - 0) = -4, + output zp 5 = 1.
    // The second operand is a broadcast scalar.
    const g = binary('MUL', [2], [1], [2], { scale: 0.5, zeroPoint: 1 }, { scale: 0.5 }, { scale: 0.25, zeroPoint: 5 });
    expect(runInt8(g, [3, 1], [-2])).toEqual([1, 5]);
  });

  it('rounds product ties up in the high multiply', () => {
    // Real multiplier 0.5 (2^30, 0): 5 -> 2.5 -> 3, -5 -> -2.5 -> -2 (gemmlowp ties go up).
    const g = binary('MUL', [2], [2], [2], { scale: 1 }, { scale: 1 }, { scale: 2 });
    expect(runInt8(g, [5, -5], [1, 1])).toEqual([3, -2]);
  });
});
