import { describe, expect, it } from 'vitest';
import { tfliteRound } from './tflite-round.js';

describe('tfliteRound (std::round)', () => {
  it('rounds halves away from zero, not to even', () => {
    expect(tfliteRound(0.5)).toBe(1);
    expect(tfliteRound(-0.5)).toBe(-1);
    expect(tfliteRound(1.5)).toBe(2);
    expect(tfliteRound(2.5)).toBe(3);
    expect(tfliteRound(-2.5)).toBe(-3);
  });

  it('does not round the largest double below 0.5 up', () => {
    // 0.49999999999999994 + 0.5 rounds to 1 in double arithmetic, the classic floor(x + 0.5) bug.
    expect(tfliteRound(0.49999999999999994)).toBe(0);
    expect(Object.is(tfliteRound(-0.49999999999999994), 0)).toBe(true);
  });

  it('leaves integers alone, including beyond 2^52', () => {
    expect(tfliteRound(-3)).toBe(-3);
    expect(tfliteRound(2 ** 52 + 1)).toBe(2 ** 52 + 1);
  });
});
