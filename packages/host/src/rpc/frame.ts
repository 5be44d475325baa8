import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from './cobs.js';
import { crc32 } from './crc32.js';
import { errors } from '@anvil/core';
import { RpcError } from './errors.js';

/** The protocol version this codec speaks (PROTOCOL.md). */
export const RPC_VERSION = 1;
export const FRAME_HEADER_BYTES = 6;
export const FRAME_OVERHEAD_BYTES = 10;
/** The largest payload a frame's u16 length can state; a device states its own, smaller limit. */
export const FRAME_LENGTH_LIMIT = 0xffff;
/** The seq of an error reply the device could not tie to a request. */
export const UNATTRIBUTED_SEQ = 0xffff;

export interface Frame {
  readonly version: number;
  readonly kind: number;
  readonly seq: number;
  readonly payload: Uint8Array;
}

/** The decoded frame bytes: header, payload and CRC (no COBS). */
export function frameBytes(frame: Frame): Uint8Array {
  const { version, kind, seq, payload } = frame;
  if (payload.length > FRAME_LENGTH_LIMIT) {
    throw new RpcError(errors.rpcRequestInvalid(`a payload of ${payload.length} bytes does not fit a frame`, 'chunk it (PROTOCOL.md 3.2)'));
  }
  const bytes = new Uint8Array(FRAME_OVERHEAD_BYTES + payload.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, version & 0xff);
  view.setUint8(1, kind & 0xff);
  view.setUint16(2, seq & 0xffff, true);
  view.setUint16(4, payload.length, true);
  bytes.set(payload, FRAME_HEADER_BYTES);
  view.setUint32(FRAME_HEADER_BYTES + payload.length, crc32(bytes, 0, FRAME_HEADER_BYTES + payload.length), true);
  return bytes;
}

/**
 * What goes on the wire for one frame: a leading delimiter (it ends any half frame the
 * device holds; PROTOCOL.md section 6), the COBS bytes and the closing delimiter.
 */
export function encodeFrame(frame: Frame, leadingDelimiter = true): Uint8Array {
  const body = cobsEncode(frameBytes(frame));
  const lead = leadingDelimiter ? 1 : 0;
  const out = new Uint8Array(lead + body.length + 1);
  out.set(body, lead);
  return out;
}

export function encodeRequest(kind: number, seq: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeFrame({ version: RPC_VERSION, kind, seq, payload });
}

export type DecodeResult = { readonly ok: true; readonly frame: Frame } | { readonly ok: false; readonly error: RpcError };

/** Checks one decoded (un-COBSed) frame: size, CRC, length field. */
export function parseFrameBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length < FRAME_OVERHEAD_BYTES) {
    return fail('bad-length', `frame of ${bytes.length} bytes is shorter than its 10-byte header and CRC`, {
      bytes: bytes.length,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bodyEnd = bytes.length - 4;
  const expected = view.getUint32(bodyEnd, true);
  const actual = crc32(bytes, 0, bodyEnd);
  if (expected !== actual) {
    return fail('bad-crc', `frame CRC 0x${expected.toString(16)} does not match 0x${actual.toString(16)}`, { expected, actual });
  }
  const length = view.getUint16(4, true);
  if (length !== bodyEnd - FRAME_HEADER_BYTES) {
    return fail('bad-length', `frame states ${length} payload bytes but carries ${bodyEnd - FRAME_HEADER_BYTES}`, {
      length,
      present: bodyEnd - FRAME_HEADER_BYTES,
    });
  }
  return {
    ok: true,
    frame: {
      version: view.getUint8(0),
      kind: view.getUint8(1),
      seq: view.getUint16(2, true),
      payload: bytes.slice(FRAME_HEADER_BYTES, bodyEnd),
    },
  };
}

function fail(reason: errors.RpcFrameFault, message: string, details: Readonly<Record<string, unknown>>): DecodeResult {
  return { ok: false, error: new RpcError(errors.rpcFrameInvalid(reason, message, details)) };
}

/**
 * Turns a byte stream, in whatever chunks it arrives, into frames and decode errors. Bytes
 * are kept until a delimiter, so a bad frame costs only itself: decoding starts afresh after
 * the next 0x00. A run of bytes longer than any frame of `maxPayload` is dropped (reported
 * once) rather than buffered without bound.
 */
export class FrameDecoder {
  private readonly limit: number;
  private buf: Uint8Array;
  private used = 0;
  private overflowed = false;

  constructor(maxPayload: number = FRAME_LENGTH_LIMIT) {
    this.limit = cobsMaxEncodedLength(maxPayload + FRAME_OVERHEAD_BYTES);
    this.buf = new Uint8Array(Math.min(this.limit, 1024));
  }

  *push(chunk: Uint8Array): Generator<DecodeResult> {
    for (const b of chunk) {
      if (b !== 0) {
        this.append(b);
        continue;
      }
      const result = this.finish();
      if (result !== undefined) yield result;
    }
  }

  /** Everything `push` yields, as an array (for callers that do not iterate lazily). */
  pushAll(chunk: Uint8Array): DecodeResult[] {
    return [...this.push(chunk)];
  }

  private append(b: number): void {
    if (this.overflowed) return;
    if (this.used === this.limit) {
      this.overflowed = true;
      return;
    }
    if (this.used === this.buf.length) {
      const bigger = new Uint8Array(Math.min(this.limit, this.buf.length * 2));
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.used++] = b;
  }

  private finish(): DecodeResult | undefined {
    const used = this.used;
    const overflowed = this.overflowed;
    this.used = 0;
    this.overflowed = false;
    if (overflowed) {
      return fail('too-long', `more than ${this.limit} bytes before a delimiter`, { limit: this.limit });
    }
    if (used === 0) return undefined;
    const decoded = cobsDecode(this.buf.subarray(0, used));
    if (decoded === undefined) return fail('bad-cobs', `${used} bytes are not a COBS frame`, { bytes: used });
    return parseFrameBytes(decoded);
  }
}
