import { describe, expect, it } from 'vitest';
import { sigmoidQ15, tanhQ15, tanhRescaleForPower } from './lut-activations.js';
import { SIGMOID_TABLE_U16 } from './sigmoid-table.js';

// Q3.12 in, Q0.15 out. The input is multiplied by 3, so sigmoid indexes the table at
// |3x| >> 9 (steps of 1/24 in real units) and tanh at |3x| >> 8 (sigmoid of 2x).
describe('int16 LUT sigmoid and tanh', () => {
  it('the table is sigmoid(i/24) in Q0.16, monotonic, from exactly 1/2', () => {
    expect(SIGMOID_TABLE_U16).toHaveLength(256);
    expect(SIGMOID_TABLE_U16[0]).toBe(32768);
    for (let i = 0; i < 256; i++) {
      expect(Math.abs((SIGMOID_TABLE_U16[i] as number) - 65536 / (1 + Math.exp(-i / 24)))).toBeLessThan(1.7);
      if (i > 0) expect(SIGMOID_TABLE_U16[i]).toBeGreaterThanOrEqual(SIGMOID_TABLE_U16[i - 1] as number);
    }
  });

  it('sigmoid: exact table points, interpolation, the mirrored negative side', () => {
    // 0: 32768·2^9 + 2^9 = 16777728, >> 10 = 16384 (one half).
    expect(sigmoidQ15(0)).toBe(16384);
    // 1 (2^-12): 3 → uh 0, ut 3: 32768·512 + 3·(33451 − 32768) + 512 = 16779777 >> 10 = 16386.
    expect(sigmoidQ15(1)).toBe(16386);
    // 4096 (1.0): 12288 → uh 24, ut 0, table[24] = 47911: (47911·512 + 512) >> 10 = 23956.
    expect(sigmoidQ15(4096)).toBe(23956);
    // −1.0: 2^25 − 47911·512 + 511 = 9024511 >> 10 = 8812 (= 32768 − 23956).
    expect(sigmoidQ15(-4096)).toBe(8812);
    // 32767: 98301 → uh 191 (table 65513, next 65514), ut 509: 33543165 + 512 >> 10 = 32757.
    expect(sigmoidQ15(32767)).toBe(32757);
  });

  it('tanh: zero, ±1.0, and saturation beyond the table', () => {
    // 0: 32768·256 − 2^23 + 2^7 = 128 >> 8 = 0.
    expect(tanhQ15(0, 0, 0)).toBe(0);
    // 1.0: 12288 → uh 48 (table 57724), ut 0: 14777344 − 8388608 + 128 = 6388864 >> 8 = 24956.
    expect(tanhQ15(4096, 0, 0)).toBe(24956);
    // −1.0: −14777344 + 8388608 + 127 = −6388609, floor(/256) = −24956.
    expect(tanhQ15(-4096, 0, 0)).toBe(-24956);
    // 32767: 98301 >> 8 = 383 ≥ 255 → 0xFFFF·2^8 − 2^23 + 2^7 = 8388480 >> 8 = 32767.
    expect(tanhQ15(32767, 0, 0)).toBe(32767);
    // −32768: −8388225 >> 8 = −32767 (floor of −32766.5).
    expect(tanhQ15(-32768, 0, 0)).toBe(-32767);
  });

  it('rescales a cell state of scale 2^power onto the Q3.12 grid', () => {
    expect(tanhRescaleForPower(-12)).toEqual({ multiplier: 0, leftShift: 0 });
    expect(tanhRescaleForPower(-11)).toEqual({ multiplier: 0, leftShift: 1 });
    expect(tanhRescaleForPower(-15)).toEqual({ multiplier: 3, leftShift: 3 });
    // 2^-15 scale: 32767 ≈ 1.0 → (32767·3 + 4) >> 3 = 12288, the same table point as 4096 in Q3.12.
    expect(tanhQ15(32767, 3, 3)).toBe(24956);
    // 2^-11 scale: 2048 = 1.0 → 2048·(3 << 1) = 12288 again.
    expect(tanhQ15(2048, 0, 1)).toBe(24956);
  });
});
