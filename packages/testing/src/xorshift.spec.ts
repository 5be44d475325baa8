import { describe, expect, it } from 'vitest';
import { xorshiftBytes } from './xorshift.js';

describe('xorshiftBytes', () => {
  it('matches the test vector of the refs README (seed 1: 56, 63, -1, -6)', () => {
    expect([...new Int8Array(xorshiftBytes(1, 4).buffer)]).toEqual([56, 63, -1, -6]);
  });
});
