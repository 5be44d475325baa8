import type { BitWriter } from './bit-writer.js';
import { bestRiceK, writeRice, zigzag } from './golomb-rice.js';

/**
 * Zero-run coding of one channel, for sparse (pruned) weights where Golomb-Rice alone spends at
 * least a bit on every zero: each non-zero weight is preceded by the count of zeros before it,
 * both Golomb-Rice coded (the count with kRun, zigzag(v) − 1 with k: a non-zero is never 0);
 * trailing zeros end the channel with one last count.
 */
export interface ZeroRunCode {
  readonly runs: number[];
  readonly values: number[];
}

export function zeroRuns(weights: Int8Array): ZeroRunCode {
  const runs: number[] = [];
  const values: number[] = [];
  let run = 0;
  for (const v of weights) {
    if (v === 0) {
      run++;
      continue;
    }
    runs.push(run);
    values.push(zigzag(v) - 1);
    run = 0;
  }
  if (run > 0) runs.push(run);
  return { runs, values };
}

/** The best parameters for the runs and the values, and the bits they spend together. */
export function bestZeroRun(code: ZeroRunCode): { kRun: number; k: number; bits: number } {
  const r = code.runs.length === 0 ? { k: 0, bits: 0 } : bestRiceK(code.runs);
  const v = code.values.length === 0 ? { k: 0, bits: 0 } : bestRiceK(code.values);
  return { kRun: r.k, k: v.k, bits: r.bits + v.bits };
}

export function writeZeroRun(w: BitWriter, weights: Int8Array, kRun: number, k: number): void {
  let run = 0;
  for (const v of weights) {
    if (v === 0) {
      run++;
      continue;
    }
    writeRice(w, run, kRun);
    writeRice(w, zigzag(v) - 1, k);
    run = 0;
  }
  if (run > 0) writeRice(w, run, kRun);
}
