import type { BitReader, BitWriter } from './bit-writer.js';
import { WEIGHT_MAX_QUOTIENT, WEIGHT_MAX_RICE_K } from '../stream/format.js';

/** Signed to unsigned, small magnitudes first: 0, -1, 1, -2, 2 … → 0, 1, 2, 3, 4 … */
export function zigzag(v: number): number {
  return v >= 0 ? 2 * v : -2 * v - 1;
}

export function unzigzag(u: number): number {
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

/** Bits Golomb-Rice with parameter k spends on `u`: a unary quotient, its stop bit, k remainder bits. */
export function riceBits(u: number, k: number): number {
  return (u >> k) + 1 + k;
}

export function writeRice(w: BitWriter, u: number, k: number): void {
  const q = u >> k;
  for (let i = 0; i < q; i++) w.write(1, 1);
  w.write(0, 1);
  w.write(u & ((1 << k) - 1), k);
}

export function readRice(r: BitReader, k: number): number {
  let q = 0;
  while (r.read(1) === 1) {
    if (++q > WEIGHT_MAX_QUOTIENT) throw new RangeError('Golomb-Rice quotient too long');
  }
  return (q << k) | r.read(k);
}

/** The k in 0..7 that codes these values in the fewest bits (the smallest k on a tie). */
export function bestRiceK(values: readonly number[]): { k: number; bits: number } {
  let best = { k: 0, bits: Number.POSITIVE_INFINITY };
  for (let k = 0; k <= WEIGHT_MAX_RICE_K; k++) {
    const bits = values.reduce((s, u) => s + riceBits(u, k), 0);
    if (bits < best.bits) best = { k, bits };
  }
  return best;
}
