/**
 * The reference input generator of shared/models/refs/README.md: xorshift32 from
 * 0x9E3779B9 ^ seed, one step per element, low byte per int8 element.
 */
export function xorshiftBytes(seed: number, n: number): Uint8Array {
  let x = (0x9e3779b9 ^ seed) >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** A small seeded PRNG (same recurrence) returning uint32s, for fuzzing and property tests. */
export function xorshift32(seed: number): () => number {
  let x = (0x9e3779b9 ^ seed) >>> 0 || 1;
  return () => {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    return x;
  };
}
