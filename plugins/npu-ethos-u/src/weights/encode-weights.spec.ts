import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeWeights } from './decode-weights.js';
import { encodeWeights } from './encode-weights.js';
import { bestRiceK, riceBits, unzigzag, zigzag } from './golomb-rice.js';

describe('weight codec', () => {
  it('zigzag maps 0, -1, 1, -2, 2 to 0..4 and back', () => {
    expect([0, -1, 1, -2, 2].map(zigzag)).toEqual([0, 1, 2, 3, 4]);
    expect([0, 1, 2, 3, 4].map(unzigzag)).toEqual([0, -1, 1, -2, 2]);
  });

  it('Rice with k=2 spends quotient+1+2 bits: 9 → q=2 → 5 bits', () => {
    expect(riceBits(9, 2)).toBe(5);
    // All zeros cost one bit each with k=0, the best choice.
    expect(bestRiceK([0, 0, 0])).toEqual({ k: 0, bits: 3 });
  });

  it('hand-checked stream: one channel [1, 1] is coded as deltas 1, 0 → zigzag 2, 0', () => {
    const e = encodeWeights([{ weights: Int8Array.of(1, 1), bias: -5, multiplier: 1 << 30, shift: -3 }]);
    // Raw values zigzag to 2, 2: 6 bits at any k in 0..2. Deltas zigzag to 2, 0: k=0 spends
    // 3 + 1 = 4 bits, so delta mode wins. Header 8 + channel 10 + 1 byte of bits.
    expect(e.bytes.length).toBe(19);
    expect(Array.from(e.bytes.subarray(0, 8))).toEqual([1, 0, 0, 0, 2, 0, 0, 0]);
    expect(e.bytes[17]).toBe(0x80); // delta mode, k = 0
    // u=2: quotient 2 → 1,1,0; u=0 → 0. LSB first: 0b0011 = 3.
    expect(e.bytes[18]).toBe(3);
  });

  it('round-trips any weights, biases and scales exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: -128, max: 127 }), { minLength: 1, maxLength: 40 }),
        (channels, pattern) => {
          const input = Array.from({ length: channels }, (_, c) => ({
            weights: Int8Array.from(pattern, (v, i) =>
              (v + c * 37 + i) % 256 >= 128 ? ((v + c * 37 + i) % 256) - 256 : (v + c * 37 + i) % 256,
            ),
            bias: c * 1000 - 2000,
            multiplier: 1_000_000_000 + c,
            shift: 0 - c,
          }));
          const back = decodeWeights(encodeWeights(input).bytes);
          expect(back.map((b) => ({ ...b, weights: Array.from(b.weights) }))).toEqual(
            input.map((b) => ({ ...b, weights: Array.from(b.weights) })),
          );
        },
      ),
    );
  });

  it('compresses a smooth kernel below its raw size', () => {
    const weights = Int8Array.from({ length: 256 }, (_, i) => Math.round(20 * Math.sin(i / 10)));
    const e = encodeWeights([{ weights, bias: 0, multiplier: 1, shift: 0 }]);
    expect(e.codedWeightBytes).toBeLessThan(256 / 2);
  });
});
