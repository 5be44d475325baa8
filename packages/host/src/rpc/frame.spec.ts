import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cobsEncode } from './cobs.js';
import { crc32 } from './crc32.js';
import type { DecodeResult, Frame } from './frame.js';
import { encodeFrame, encodeRequest, FrameDecoder, frameBytes } from './frame.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const frameArb: fc.Arbitrary<Frame> = fc.record({
  version: fc.integer({ min: 0, max: 255 }),
  kind: fc.integer({ min: 0, max: 255 }),
  seq: fc.integer({ min: 0, max: 0xffff }),
  payload: fc.uint8Array({ maxLength: 300 }),
});

/** Splits bytes at the given cut points (taken modulo the length). */
function chunk(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

function frames(results: readonly DecodeResult[]): Frame[] {
  return results.flatMap((r) => (r.ok ? [r.frame] : []));
}

/** A decode result as [code, reason] ('ok' for a frame). */
function failure(r: DecodeResult): [string, unknown] | 'ok' {
  return r.ok ? 'ok' : [r.error.code, r.error.details['reason']];
}

describe('frames', () => {
  it('lays out the worked examples of PROTOCOL.md section 7', () => {
    const runPayload = Uint8Array.of(7, 0, 0, 0, 0, 0, 0, 0);
    expect(hex(frameBytes({ version: 1, kind: 3, seq: 1, payload: runPayload }))).toBe('0103010008000700000000000000fdf1c973');
    expect(hex(encodeRequest(3, 1, runPayload))).toBe('00040103010208020701010101010105fdf1c97300');
    const reply = Uint8Array.of(7, 0, 0, 0, 0, 2, 0, 0, 0x34, 0x12, 0, 0, 0, 0, 0, 0);
    expect(hex(encodeFrame({ version: 1, kind: 0x83, seq: 1, payload: reply }, false))).toBe(
      '0401830102100207010101020201033412010101010105ea3c3be900',
    );
    expect(hex(encodeRequest(6, 2))).toBe('00040106020101052d4fd75f00');
  });

  it('decodes what it encodes, however the stream is chunked', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 12 }), (sent, cuts) => {
        const wire = Buffer.concat(sent.map((f) => encodeFrame(f)));
        const decoder = new FrameDecoder();
        const got = chunk(wire, cuts).flatMap((c) => decoder.pushAll(c));
        expect(got.every((r) => r.ok)).toBe(true);
        expect(frames(got)).toEqual(sent);
      }),
    );
  });

  it('accepts no corrupted frame and resynchronises at the next delimiter', () => {
    fc.assert(
      fc.property(
        frameArb,
        frameArb,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (bad, good, at, xor, cuts) => {
          const corrupt = encodeFrame(bad);
          // Corrupt one byte between the delimiters; a corruption that makes a 0 splits the
          // frame in two, which must not yield a good frame either.
          const i = 1 + (at % (corrupt.length - 2));
          corrupt[i] = (corrupt[i] ?? 0) ^ xor;
          const wire = Buffer.concat([corrupt, encodeFrame(good)]);
          const decoder = new FrameDecoder();
          const got = chunk(wire, cuts).flatMap((c) => decoder.pushAll(c));
          const accepted = frames(got);
          // The good frame always arrives, and nothing else (CRC-32 catches a 1-byte change).
          expect(accepted).toEqual([good]);
          expect(got.some((r) => !r.ok)).toBe(true);
        },
      ),
    );
  });

  it('survives garbage between frames', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), frameArb, (garbage, good) => {
        const decoder = new FrameDecoder();
        const got = decoder.pushAll(Buffer.concat([garbage, encodeFrame(good)]));
        expect(frames(got).at(-1)).toEqual(good);
        for (const r of got) if (!r.ok) expect(r.error.code).toBe('RPC_FRAME_INVALID');
      }),
    );
  });

  it('reports a run longer than any frame once and recovers', () => {
    const decoder = new FrameDecoder(16);
    const long = new Uint8Array(100).fill(5);
    const good: Frame = { version: 1, kind: 1, seq: 9, payload: new Uint8Array(3) };
    const got = [...decoder.pushAll(long), ...decoder.pushAll(encodeFrame(good))];
    expect(got.filter((r) => !r.ok).map(failure)).toEqual([['RPC_FRAME_INVALID', 'too-long']]);
    expect(frames(got)).toEqual([good]);
  });

  it('names the failure of a short frame, a bad CRC and a wrong length field', () => {
    const decoder = new FrameDecoder();
    const short = decoder.pushAll(Uint8Array.of(0x03, 0x01, 0x02, 0x00));
    expect(short.map(failure)).toEqual([['RPC_FRAME_INVALID', 'bad-length']]);
    const good = frameBytes({ version: 1, kind: 1, seq: 0, payload: Uint8Array.of(1, 2) });
    const badCrc = good.slice();
    badCrc[6] = 9;
    // A wrong length field under a CRC that covers it: the sender, not the line, is at fault.
    const badLength = good.slice();
    badLength[4] = 1;
    new DataView(badLength.buffer).setUint32(8, crc32(badLength, 0, 8), true);
    const codes = [badCrc, badLength].flatMap((b) => decoder.pushAll(Uint8Array.of(...cobsEncode(b), 0)));
    expect(codes.map(failure)).toEqual([
      ['RPC_FRAME_INVALID', 'bad-crc'],
      ['RPC_FRAME_INVALID', 'bad-length'],
    ]);
  });
});
