import { describe, expect, it } from 'vitest';
import { AnvilError } from '@anvil/core';
import { ITERATIONS, TIME_LIMIT_MS, parseCount } from './count-option.js';

function error(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AnvilError) return `${e.code}: ${e.message} — ${e.hint}`;
    throw e;
  }
  return 'ok';
}

describe('parseCount: every count the user gives is a whole number in a stated range', () => {
  it('reads decimal digits within the range', () => {
    expect(parseCount('1', '--iterations', ITERATIONS)).toBe(1);
    expect(parseCount('1000000', '--iterations', ITERATIONS)).toBe(1_000_000);
    expect(parseCount(' 250 ', '--time-limit', TIME_LIMIT_MS)).toBe(250);
  });

  it('refuses what is out of range, saying the range and why', () => {
    expect(error(() => parseCount('1000001', '--iterations', ITERATIONS))).toBe(
      'CLI_BAD_ARGUMENT: --iterations 1000001 is out of range (1 to 1,000,000) — give a whole number from 1 to 1,000,000 (a few hundred time a model well)',
    );
    expect(error(() => parseCount('0', '--iterations', ITERATIONS))).toMatch(/out of range/);
    expect(error(() => parseCount('3600001', '--time-limit', TIME_LIMIT_MS))).toBe(
      'CLI_BAD_ARGUMENT: --time-limit 3600001 is out of range (1 to 3,600,000 ms) — give a whole number from 1 to 3,600,000 ms (at most an hour)',
    );
  });

  it('refuses what is not a whole number in decimal, which Number() would have taken', () => {
    for (const text of ['1e9', '0x10', '', ' ', '-5', '2.5', 'Infinity', '9'.repeat(30)]) {
      expect(error(() => parseCount(text, '--iterations', ITERATIONS))).toMatch(
        /^CLI_BAD_ARGUMENT: --iterations .* (is not a whole number|is out of range)/,
      );
    }
  });
});
