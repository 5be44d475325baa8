import { describe, expect, it } from 'vitest';
import { interpret } from '../interpret.js';
import { asFloat32, asInt8, float32Data, GraphBuilder, int8Data, runInt8 } from '../test-support/graph-builder.js';

function quantizeFloat(values: number[], scale: number, zeroPoint: number): number[] {
  const b = new GraphBuilder();
  const x = b.input([values.length], undefined, 'float32');
  const y = b.tensor([values.length], 'int8', { scale, zeroPoint });
  const g = b.node('QUANTIZE', [x], [y], {}).output(y).build();
  return asInt8(interpret(g, [float32Data(values)])[0] as Uint8Array);
}

describe('QUANTIZE float32 -> int8', () => {
  it('rounds ties away from zero (std::round), not to even', () => {
    // Scale 0.5: 0.25 -> 0.5 -> 1, -0.25 -> -1, 0.75 -> 1.5 -> 2, -0.75 -> -2, 1.25 -> 2.5 -> 3.
    expect(quantizeFloat([0.25, -0.25, 0.75, -0.75, 1.25], 0.5, 0)).toEqual([1, -1, 2, -2, 3]);
  });

  it('adds the zero point after rounding and saturates', () => {
    // 0.25 / 0.5 -> 1, - 3 = -2;  100 / 0.5 = 200 - 3 = 197 -> 127;  -100 -> -203 -> -128.
    expect(quantizeFloat([0.25, 100, -100], 0.5, -3)).toEqual([-2, 127, -128]);
  });

  it('reproduces x86-64 for quotients beyond int32 (cvttss2si yields INT32_MIN)', () => {
    // 1e10 / 1 does not fit int32: INT32_MIN + 0 clamps to -128. With zero point -1 the int32
    // add wraps to INT32_MAX, which clamps to 127. NaN behaves like the overflow.
    expect(quantizeFloat([1e10, Number.NaN], 1, 0)).toEqual([-128, -128]);
    expect(quantizeFloat([1e10], 1, -1)).toEqual([127]);
  });
});

describe('QUANTIZE int8 -> int8', () => {
  it('requantizes with the double-rounding multiply', () => {
    // Scale 1 -> 2 is real 0.5 = (2^30, 0). 5 -> 2.5 -> 3; -5 -> -2.5 -> -2 (high-mul ties go
    // up). Zero points: input 1 (q 6 is 5 steps), output -4.
    const b = new GraphBuilder();
    const x = b.input([2], { scale: 1, zeroPoint: 1 });
    const y = b.tensor([2], 'int8', { scale: 2, zeroPoint: -4 });
    const g = b.node('QUANTIZE', [x], [y], {}).output(y).build();
    expect(runInt8(g, [6, -4])).toEqual([3 - 4, -2 - 4]);
  });
});

describe('DEQUANTIZE', () => {
  it('computes (q - zp) * scale as float32', () => {
    const b = new GraphBuilder();
    const x = b.input([3], { scale: 0.5, zeroPoint: 1 });
    const y = b.tensor([3], 'float32');
    const g = b.node('DEQUANTIZE', [x], [y], {}).output(y).build();
    // (3 - 1) * 0.5 = 1, (-128 - 1) * 0.5 = -64.5, (1 - 1) * 0.5 = 0.
    expect(asFloat32(interpret(g, [int8Data([3, -128, 1])])[0] as Uint8Array)).toEqual([1, -64.5, 0]);
  });

  it('returns the float32 scale itself for one step (bytes of 0.1f)', () => {
    const b = new GraphBuilder();
    const x = b.input([1], { scale: 0.1 });
    const y = b.tensor([1], 'float32');
    const g = b.node('DEQUANTIZE', [x], [y], {}).output(y).build();
    // 0.1f is 0x3DCCCCCD, little-endian CD CC CC 3D.
    expect([...(interpret(g, [int8Data([1])])[0] as Uint8Array)]).toEqual([0xcd, 0xcc, 0xcc, 0x3d]);
  });
});
