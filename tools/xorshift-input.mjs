#!/usr/bin/env node
// Writes N pseudo-random int8 bytes with the generator of ../shared/models/refs/README.md
// (xorshift32 from 0x9E3779B9 ^ seed), so demo inputs equal the reference inputs.
// Usage: node tools/xorshift-input.mjs BYTES SEED OUTFILE
import { writeFileSync } from 'node:fs';

const [n, seed, out] = [Number(process.argv[2]), Number(process.argv[3] ?? 1), process.argv[4]];
if (!Number.isInteger(n) || n <= 0 || !out) {
  console.error('usage: xorshift-input.mjs BYTES SEED OUTFILE');
  process.exit(2);
}
let x = (0x9e3779b9 ^ seed) >>> 0;
const bytes = new Uint8Array(n);
for (let i = 0; i < n; i++) {
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  x >>>= 0;
  bytes[i] = x & 0xff;
}
writeFileSync(out, bytes);
