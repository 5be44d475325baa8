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

  it('hand-checked stream: a sparse channel [0, 0, 0, 0, 0, 0, 3, 0] is coded as zero runs', () => {
    const e = encodeWeights([{ weights: Int8Array.of(0, 0, 0, 0, 0, 0, 3, 0), bias: 0, multiplier: 1, shift: 0 }]);
    // Runs 6 and 1 with kRun = 1 (7 bits; kRun 2 ties, the smaller wins): 6 → q 3, r 0:
    // 1,1,1,0,0; 1 → q 0, r 1: 0,1. Value 3 → zigzag 6 − 1 = 5 with k = 1 (k 2 ties): q 2, r 1:
    // 1,1,0,1. 11 bits in all, against 14 for the values (7 zeros of 1 bit, 6 in 7 at k 0)
    // and 19 for the deltas.
    expect(e.bytes[17]).toBe(0x40 | (1 << 3) | 1);
    // In order: run 6 (1,1,1,0,0), value 5 (1,1,0,1), trailing run 1 (0,1). LSB first.
    const bits = [1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1];
    const expected = [0, 0].map((_, byte) => bits.slice(8 * byte, 8 * byte + 8).reduce((s, b, i) => s | (b << i), 0));
    expect(Array.from(e.bytes.subarray(18))).toEqual(expected);
    expect(Array.from(decodeWeights(e.bytes)[0]?.weights ?? [])).toEqual([0, 0, 0, 0, 0, 0, 3, 0]);
  });

  it('round-trips sparse weights (mostly zeros, runs of every length, at both ends)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.integer({ min: -128, max: 127 })), {
          minLength: 1,
          maxLength: 300,
        }),
        (pattern) => {
          const input = [0, 1].map((c) => ({
            weights: Int8Array.from(c === 0 ? pattern : pattern.slice().reverse()),
            bias: c,
            multiplier: 3,
            shift: -c,
          }));
          const back = decodeWeights(encodeWeights(input).bytes);
          expect(back.map((b) => Array.from(b.weights))).toEqual(input.map((b) => Array.from(b.weights)));
        },
      ),
    );
  });

  it('codes pruned weights (83% zeros) in fewer bits than Golomb-Rice on the values', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const weights = Int8Array.from({ length: 4096 }, () => (next() % 100 < 83 ? 0 : (next() % 255) - 127));
    const e = encodeWeights([{ weights, bias: 0, multiplier: 1, shift: 0 }]);
    expect(e.bytes[17]! & 0x40).toBe(0x40);
    // Golomb-Rice alone spends a bit on each of the ~3,400 zeros; the runs spend ~3.5 per non-zero.
    expect(e.codedWeightBytes * 8).toBeLessThan(0.9 * bestRiceK(Array.from(weights, zigzag)).bits);
  });

  it('compresses a smooth kernel below its raw size', () => {
    const weights = Int8Array.from({ length: 256 }, (_, i) => Math.round(20 * Math.sin(i / 10)));
    const e = encodeWeights([{ weights, bias: 0, multiplier: 1, shift: 0 }]);
    expect(e.codedWeightBytes).toBeLessThan(256 / 2);
  });
});
