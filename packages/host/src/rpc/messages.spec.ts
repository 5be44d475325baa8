import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isAnvilError } from '@anvil/core';
import { isRpcError } from './errors.js';
import type { Frame } from './frame.js';
import {
  DeviceErrorCode,
  ERROR_KIND,
  parseDeviceError,
  parseFaultReply,
  parseHelloReply,
  parseProfileReply,
  parseReadOutputReply,
  parseResetReply,
  parseRunReply,
  parseStatsReply,
  parseWriteInputReply,
  readOutputRequest,
  REPLY_BIT,
  RpcKind,
  runRequest,
  writeInputChunks,
  writeInputRequest,
} from './messages.js';

const reply = (kind: number, payload: Uint8Array, seq = 1): Frame => ({ version: 1, kind: kind | REPLY_BIT, seq, payload });

function errorFrame(code: number, detail: number, detail2: number, seq = 4): Frame {
  const payload = new Uint8Array(12);
  const v = new DataView(payload.buffer);
  v.setUint16(0, code, true);
  v.setUint8(2, RpcKind.hello);
  v.setUint8(3, 2);
  v.setInt32(4, detail, true);
  v.setUint32(8, detail2, true);
  return { version: 2, kind: ERROR_KIND, seq, payload };
}

const parsers = [
  parseHelloReply,
  parseWriteInputReply,
  parseRunReply,
  parseReadOutputReply,
  parseProfileReply,
  parseStatsReply,
  parseFaultReply,
  parseResetReply,
] as const;

describe('requests', () => {
  it('lays out run, write_input and read_output as PROTOCOL.md says', () => {
    expect(Buffer.from(runRequest(0x01020304, true).payload).toString('hex')).toBe('0403020101000000');
    expect(Buffer.from(writeInputRequest(2, 0x105, Uint8Array.of(9)).payload).toString('hex')).toBe('020000000501000009');
    expect(Buffer.from(readOutputRequest(1, 16, 300).payload).toString('hex')).toBe('01000000100000002c010000');
  });

  it('chunks an input so no request passes the max payload and the chunks cover it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 9, max: 512 }), (data, max) => {
        const chunks = writeInputChunks(0, data, max);
        const rebuilt = new Uint8Array(data.length);
        for (const c of chunks) {
          expect(c.payload.length).toBeLessThanOrEqual(max);
          rebuilt.set(c.payload.subarray(8), new DataView(c.payload.buffer).getUint32(4, true));
        }
        expect(rebuilt).toEqual(data);
      }),
    );
  });

  it('refuses values a field cannot hold with a typed error', () => {
    expect(() => runRequest(-1)).toThrow(expect.objectContaining({ code: 'RPC_REQUEST_INVALID' }));
    expect(() => readOutputRequest(0, 0, 70000)).toThrow(expect.objectContaining({ code: 'RPC_REQUEST_INVALID' }));
  });
});

describe('replies', () => {
  it('parses a run reply and its u64 count', () => {
    const p = new Uint8Array(16);
    const v = new DataView(p.buffer);
    v.setUint32(0, 77, true);
    v.setUint8(4, 1);
    v.setUint8(5, 2);
    v.setBigUint64(8, 0x1_0000_0005n, true);
    expect(parseRunReply(reply(RpcKind.run, p))).toEqual({ runId: 77, cached: true, countKind: 2, count: 0x1_0000_0005n });
  });

  it('turns an error reply into a typed error, a version mismatch naming the side to update', () => {
    const mismatch = errorFrame(DeviceErrorCode.versionMismatch, 2, 1);
    expect(parseDeviceError(mismatch)).toMatchObject({ name: 'versionMismatch', deviceVersion: 2, detail2: 1, unattributed: false });
    expect(() => parseStatsReply(mismatch)).toThrow(
      expect.objectContaining({ code: 'RPC_VERSION_MISMATCH', hint: expect.stringContaining('firmware') }),
    );
    const older = errorFrame(DeviceErrorCode.versionMismatch, 1, 3);
    expect(() => parseStatsReply(older)).toThrow(expect.objectContaining({ hint: expect.stringContaining('host') }));
    const crc = errorFrame(DeviceErrorCode.badCrc, 20, 0, 0xffff);
    expect(parseDeviceError(crc)).toMatchObject({ name: 'badCrc', unattributed: true });
    expect(() => parseRunReply(crc)).toThrow(expect.objectContaining({ code: 'RPC_DEVICE_ERROR' }));
  });

  it('rejects a reply of another kind', () => {
    expect(() => parseRunReply(reply(RpcKind.stats, new Uint8Array(32)))).toThrow(
      expect.objectContaining({ code: 'RPC_REPLY_MALFORMED', details: expect.objectContaining({ reason: 'unexpected' }) }),
    );
  });

  it('never throws anything but an RpcError on arbitrary payloads', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: parsers.length - 1 }),
        fc.boolean(),
        fc.uint8Array({ maxLength: 300 }),
        (which, asError, payload) => {
          const parse = parsers[which];
          if (parse === undefined) return;
          const frame: Frame = asError ? { version: 1, kind: ERROR_KIND, seq: 0, payload } : reply(which + 1, payload);
          try {
            parse(frame);
          } catch (e) {
            expect(isRpcError(e)).toBe(true);
            // What reaches the CLI: an AnvilError with a catalogued code, never INTERNAL.
            expect(isAnvilError(e)).toBe(true);
            expect(ERROR_CODES).toContain((e as { code: string }).code);
          }
        },
      ),
    );
  });
});
