import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from './cobs.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fill = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

describe('COBS', () => {
  it('encodes the canonical form of PROTOCOL.md section 1', () => {
    expect(hex(cobsEncode(new Uint8Array(0)))).toBe('01');
    expect(hex(cobsEncode(Uint8Array.of(0)))).toBe('0101');
    expect(hex(cobsEncode(Uint8Array.of(0, 0)))).toBe('010101');
    expect(hex(cobsEncode(Uint8Array.of(0x11, 0x22, 0, 0x33)))).toBe('0311220233');
    expect(hex(cobsEncode(Uint8Array.of(0x11, 0x22, 0x33, 0x44)))).toBe('0511223344');
    expect(hex(cobsEncode(fill(254, 1)))).toBe('ff' + '01'.repeat(254) + '01');
    expect(hex(cobsEncode(fill(255, 1)))).toBe('ff' + '01'.repeat(254) + '0201');
  });

  it('accepts a final full block without its 01', () => {
    const encoded = Uint8Array.of(0xff, ...fill(254, 7));
    expect(cobsDecode(encoded)).toEqual(fill(254, 7));
  });

  it('rejects zeros and blocks cut short', () => {
    expect(cobsDecode(Uint8Array.of(0x03, 0x11))).toBeUndefined();
    expect(cobsDecode(Uint8Array.of(0x03, 0x00, 0x11))).toBeUndefined();
    expect(cobsDecode(Uint8Array.of(0x00))).toBeUndefined();
  });

  it('round-trips any bytes, never emits 0 and stays within the bound', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 1200 }), fc.uint8Array({ maxLength: 600, min: 0, max: 2 })), (data) => {
        const encoded = cobsEncode(data);
        expect(encoded.includes(0)).toBe(false);
        expect(encoded.length).toBeLessThanOrEqual(cobsMaxEncodedLength(data.length));
        expect(cobsDecode(encoded)).toEqual(data);
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (data) => {
        const decoded = cobsDecode(data);
        if (decoded !== undefined) expect(decoded.length).toBeLessThan(Math.max(1, data.length));
      }),
    );
  });
});
