import { WEIGHT_CHANNEL_BYTES, WEIGHT_CODE, WEIGHT_HEADER_BYTES } from '../stream/format.js';
import { BitWriter } from './bit-writer.js';
import { bestRiceK, writeRice, zigzag } from './golomb-rice.js';
import { bestZeroRun, writeZeroRun, zeroRuns } from './zero-run.js';

/** One output channel as the NPU consumes it: its weights in kernel order and its requantization. */
export interface ChannelWeights {
  readonly weights: Int8Array;
  readonly bias: number;
  readonly multiplier: number;
  readonly shift: number;
}

export interface EncodedWeights {
  readonly bytes: Uint8Array;
  /** Int8 weight bytes before encoding (biases and scales not counted). */
  readonly rawWeightBytes: number;
  /** Bytes of the Golomb-Rice bit stream alone (what replaced the raw weights). */
  readonly codedWeightBytes: number;
}

/** Each weight minus the previous one of its channel (the first minus 0). */
function deltas(w: Int8Array): number[] {
  return Array.from(w, (v, i) => v - (i === 0 ? 0 : (w[i - 1] as number)));
}

/**
 * The weight stream of one operation. Per channel the encoder codes the weights, their deltas
 * (smooth kernels favour deltas, noisy ones the values), both zigzag-mapped and Golomb-Rice
 * coded with the best k, or their zero runs (sparse, pruned kernels: zero-run.ts), whichever
 * is shortest. Layout, little-endian:
 *   u32 channels, u32 weights per channel,
 *   per channel: i32 bias, i32 multiplier, i8 shift, u8 code (bit 7 delta mode, bit 6 zero-run
 *   mode with the runs' k in bits 3..5, bits 0..2 the values' k),
 *   then every channel's bits, LSB first, channel after channel.
 */
export function encodeWeights(channels: readonly ChannelWeights[]): EncodedWeights {
  const perChannel = channels[0]?.weights.length ?? 0;
  const head = new Uint8Array(WEIGHT_HEADER_BYTES + WEIGHT_CHANNEL_BYTES * channels.length);
  const view = new DataView(head.buffer);
  view.setUint32(0, channels.length, true);
  view.setUint32(4, perChannel, true);
  const bits = new BitWriter();
  channels.forEach((c, i) => {
    if (c.weights.length !== perChannel) throw new RangeError('every channel must have the same number of weights');
    const raw = Array.from(c.weights, zigzag);
    const delta = deltas(c.weights).map(zigzag);
    const r = bestRiceK(raw);
    const d = bestRiceK(delta);
    const z = bestZeroRun(zeroRuns(c.weights));
    const at = WEIGHT_HEADER_BYTES + WEIGHT_CHANNEL_BYTES * i;
    view.setInt32(at, c.bias, true);
    view.setInt32(at + 4, c.multiplier, true);
    view.setInt8(at + 8, c.shift);
    if (z.bits < Math.min(r.bits, d.bits)) {
      view.setUint8(at + 9, WEIGHT_CODE.zeroRun | (z.kRun << WEIGHT_CODE.runKShift) | z.k);
      writeZeroRun(bits, c.weights, z.kRun, z.k);
      return;
    }
    const useDelta = d.bits < r.bits;
    const k = useDelta ? d.k : r.k;
    view.setUint8(at + 9, (useDelta ? WEIGHT_CODE.delta : 0) | k);
    for (const u of useDelta ? delta : raw) writeRice(bits, u, k);
  });
  const coded = bits.toBytes();
  const bytes = new Uint8Array(head.length + coded.length);
  bytes.set(head);
  bytes.set(coded, head.length);
  return { bytes, rawWeightBytes: perChannel * channels.length, codedWeightBytes: coded.length };
}
