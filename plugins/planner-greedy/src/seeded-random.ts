/** xorshift32: a small seeded generator, so the same seed always explores the same moves. */
export function seededRandom(seed: number): (below: number) => number {
  let x = (0x9e3779b9 ^ seed) >>> 0 || 1;
  return (below) => {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    return x % below;
  };
}
