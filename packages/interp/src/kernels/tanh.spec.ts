import { describe, expect, it } from 'vitest';
import { GraphBuilder, runInt8 } from '../test-support/graph-builder.js';
import { anvilErrorOf } from '../test-support/anvil-error-of.js';

function tanhGraph(outScale = 1 / 128, outZeroPoint = 0) {
  const b = new GraphBuilder();
  const x = b.input([8], { scale: 1 / 16 });
  const y = b.tensor([8], 'int8', { scale: outScale, zeroPoint: outZeroPoint });
  return b.node('TANH', [x], [y], {}).output(y).build();
}

describe('TANH', () => {
  it('gives 128 tanh(x) rounded, for values far from a rounding boundary', () => {
    // Input scale 1/16: q 8 is 0.5, 16 is 1, 32 is 2, -4 is -0.25. 128 tanh of those is
    // 59.15, 97.48, 123.41 and -31.41; tanh(0) is exactly 0.
    expect(runInt8(tanhGraph(), [0, 8, 16, -16, 32, -4, 1, -1])).toEqual([0, 59, 97, -97, 123, -31, 8, -8]);
  });

  it('saturates at and beyond the input radius, and clamps 128 to 127 inside it', () => {
    // input_scale * 2^27 = 2^23 = 0.5 * 2^24: shift 24, radius floor(15 * 2^27 / 2^24) = 120.
    // At 119 (7.44) 128 tanh is 127.99992, which rounds to 128 and clamps.
    expect(runInt8(tanhGraph(), [120, -120, 127, -128, 119, -119, 121, -121])).toEqual([127, -128, 127, -128, 127, -128, 127, -128]);
  });

  it('refuses an output quantization other than Q0.7', () => {
    expect(anvilErrorOf(() => runInt8(tanhGraph(1 / 256, -128), [0, 0, 0, 0, 0, 0, 0, 0]))).toMatchObject({
      code: 'OP_QUANTIZATION_INVALID',
      message: expect.stringContaining('scale 1/128'),
    });
  });
});
