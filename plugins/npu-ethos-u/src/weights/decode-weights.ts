import { WEIGHT_CHANNEL_BYTES, WEIGHT_CODE, WEIGHT_HEADER_BYTES } from '../stream/format.js';
import { BitReader } from './bit-writer.js';
import { readRice, unzigzag } from './golomb-rice.js';
import type { ChannelWeights } from './encode-weights.js';

/** A zero-run channel (zero-run.ts): counts of zeros, each but a trailing one followed by a non-zero. */
function readZeroRuns(reader: BitReader, out: Int8Array, kRun: number, k: number, c: number): void {
  let i = 0;
  while (i < out.length) {
    // A run never passes the channel's end, so its quotient is bounded by what is left.
    let q = 0;
    while (reader.read(1) === 1) {
      if (++q << kRun > out.length - i) throw new RangeError(`channel ${c} zero run passes its end`);
    }
    const run = (q << kRun) | reader.read(kRun);
    if (i + run > out.length) throw new RangeError(`channel ${c} zero run passes its end`);
    i += run; // out is zero-filled
    if (i === out.length) break;
    const v = unzigzag(readRice(reader, k) + 1);
    if (v < -128 || v > 127) throw new RangeError(`channel ${c} weight ${i} decodes to ${v}`);
    out[i++] = v;
  }
}

/**
 * The decoder, in TypeScript, for round-trip tests and `anvil inspect`; the simulator has its
 * own in C. Throws on a malformed stream.
 */
export function decodeWeights(bytes: Uint8Array): ChannelWeights[] {
  if (bytes.length < WEIGHT_HEADER_BYTES) throw new RangeError('weight stream shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels = view.getUint32(0, true);
  const perChannel = view.getUint32(4, true);
  const bitsAt = WEIGHT_HEADER_BYTES + WEIGHT_CHANNEL_BYTES * channels;
  if (bitsAt > bytes.length) throw new RangeError('weight stream shorter than its channel table');
  const reader = new BitReader(bytes.subarray(bitsAt));
  const out: ChannelWeights[] = [];
  for (let c = 0; c < channels; c++) {
    const at = WEIGHT_HEADER_BYTES + WEIGHT_CHANNEL_BYTES * c;
    const code = view.getUint8(at + 9);
    const k = code & 7;
    const weights = new Int8Array(perChannel);
    if ((code & WEIGHT_CODE.zeroRun) !== 0) {
      if ((code & WEIGHT_CODE.delta) !== 0) throw new RangeError(`channel ${c} has both delta and zero-run modes`);
      readZeroRuns(reader, weights, (code >> WEIGHT_CODE.runKShift) & 7, k, c);
    } else {
      if ((code & 0x78) !== 0) throw new RangeError(`channel ${c} has reserved code bits set`);
      const delta = (code & WEIGHT_CODE.delta) !== 0;
      let prev = 0;
      for (let i = 0; i < perChannel; i++) {
        const v = unzigzag(readRice(reader, k)) + (delta ? prev : 0);
        if (v < -128 || v > 127) throw new RangeError(`channel ${c} weight ${i} decodes to ${v}`);
        weights[i] = v;
        prev = v;
      }
    }
    out.push({ weights, bias: view.getInt32(at, true), multiplier: view.getInt32(at + 4, true), shift: view.getInt8(at + 8) });
  }
  return out;
}
