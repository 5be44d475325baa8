import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './codes.js';

describe('error catalogue', () => {
  it('is sorted, unique and UPPER_SNAKE', () => {
    expect([...ERROR_CODES].sort()).toEqual([...ERROR_CODES]);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const c of ERROR_CODES) expect(c).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  it('has exactly one builder per code', () => {
    const source = readFileSync(new URL('./builders.ts', import.meta.url), 'utf8');
    const built = [...source.matchAll(/code: '([A-Z_]+)'/g)].map((m) => m[1]);
    expect([...built].sort()).toEqual([...ERROR_CODES]);
  });
});
