import { describe, expect, it } from 'vitest';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';
import type { QuantSpec } from '../test-support/graph-builder.js';
import { anvilErrorOf } from '../test-support/anvil-error-of.js';

function sqDiff(aShape: number[], bShape: number[], outShape: number[], qa: QuantSpec, qb: QuantSpec, qy: QuantSpec) {
  const b = new GraphBuilder();
  const x = b.input(aShape, qa);
  const z = b.input(bShape, qb);
  const y = b.tensor(outShape, 'int8', qy);
  return b.node('SQUARED_DIFFERENCE', [x, z], [y], {}).output(y).build();
}

describe('SQUARED_DIFFERENCE', () => {
  it('squares exactly with unit scales, broadcasting, and saturates at 127', () => {
    // twice_max 2: inputs x*2^7 rescaled by 1/2 = (2^30, 0) to x*2^6; the difference squared is
    // (x-y)^2 * 2^12; output rescale 4 / 2^14 = 2^-12 = (2^30, -11) gives (x-y)^2 exactly.
    const u = { scale: 1 };
    expect(runInt8(sqDiff([2, 2], [2], [2, 2], u, u, u), [3, -2, 10, 2], [1, 2])).toEqual([4, 16, 81, 0]);
    expect(runInt8(sqDiff([1], [1], [1], u, u, u), [12], [0])).toEqual([127]);
  });

  it('rounds half away from zero at the output and adds its zero point', () => {
    // Output scale 2: rescale 2^-13, so 3^2 = 9 gives 4.5 -> 5, then + zero point -3 = 2;
    // 1^2 / 2 = 0.5 -> 1, -3 = -2. Input zero points 1 and -1 shift what the bytes mean.
    const g = sqDiff([2], [2], [2], { scale: 1, zeroPoint: 1 }, { scale: 1, zeroPoint: -1 }, { scale: 2, zeroPoint: -3 });
    expect(runInt8(g, [4, 2], [-1, 1])).toEqual([2, -2]);
  });

  it('rescales inputs of different scales to the larger one', () => {
    // s1 = 1, s2 = 0.5: real 3 - 2 * 0.5 = 2, squared 4. Common scale 2: x*2^7 * 1/2 -> 192,
    // y*2^7 * 1/4 -> 64, difference 128, squared 2^14; output rescale 4 / 2^14 = 2^-12 -> 4.
    const g = sqDiff([1], [1], [1], { scale: 1 }, { scale: 0.5 }, { scale: 1 });
    expect(runInt8(g, [3], [2])).toEqual([4]);
  });

  it('refuses an output scale that needs a rescale of one or more', () => {
    const g = sqDiff([1], [1], [1], { scale: 1 }, { scale: 1 }, { scale: 2 ** -12 });
    expect(anvilErrorOf(() => runInt8(g, [0], [0]))).toMatchObject({
      code: 'OP_QUANTIZATION_INVALID',
      message: expect.stringContaining('output rescale'),
    });
  });
});
