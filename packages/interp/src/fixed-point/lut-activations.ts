import { SIGMOID_TABLE_U16 } from './sigmoid-table.js';

const table = (i: number): number => SIGMOID_TABLE_U16[i] as number;

/**
 * The input rescale of TFLite's int16 logistic/tanh: a power-of-two case (multiplier 0)
 * becomes a plain multiply by 3·2^shift, so both forms reduce to `(x·m + round) >> shift`.
 * The factor 3 maps the table's step of 1/24 onto the input's power-of-two grid.
 */
function rescaleInput(x: number, multiplier: number, leftShift: number): number {
  const m = multiplier === 0 ? 3 << leftShift : multiplier;
  const s = multiplier === 0 ? 0 : leftShift;
  const round = s > 0 ? 1 << (s - 1) : 0;
  return (x * m + round) >> s;
}

/**
 * Sigmoid of an int16 Q3.12 value into Q0.15, as TFLite's int16 Logistic computes it with input
 * multiplier 0 and shift 0 (the LSTM gates): the input times 3 indexes the table in steps of
 * 2^9 with 9 bits of linear interpolation; negative inputs mirror as 1 − sigmoid(|x|), with a
 * rounding offset of one half before dropping 10 bits.
 */
export function sigmoidQ15(x: number, multiplier = 0, leftShift = 0): number {
  const v = rescaleInput(x, multiplier, leftShift);
  const a = Math.abs(v);
  const uh = a >>> 9;
  let result: number;
  if (uh >= 255) {
    result = 0x7fff << 10;
  } else {
    const ua = table(uh);
    const ub = table(uh + 1);
    result = ua * 512 + (a & 0x1ff) * (ub - ua);
  }
  result = v >= 0 ? result + 512 : (1 << 25) - result + 512 - 1;
  return Math.floor(result / 1024);
}

/**
 * Tanh of an int16 value into Q0.15, as TFLite's int16 Tanh computes it: the rescaled input
 * indexes the sigmoid table in steps of 2^8 (that is sigmoid(2x)) with 8 bits of
 * interpolation, then 2·s − 1 is formed in Q8.23 with a rounding offset and shifted back by 8.
 * The negative side is the exact mirror, minus one before the (flooring) shift.
 */
export function tanhQ15(x: number, multiplier: number, leftShift: number): number {
  const v = rescaleInput(x, multiplier, leftShift);
  const a = Math.abs(v);
  const uh = a >>> 8;
  let result: number;
  if (uh >= 255) {
    result = 0xffff << 8;
  } else {
    const ua = table(uh);
    const ub = table(uh + 1);
    result = ua * 256 + (a & 0xff) * (ub - ua);
  }
  result = v >= 0 ? result - (1 << 23) + (1 << 7) : -result + (1 << 23) + (1 << 7) - 1;
  return result >> 8;
}

/**
 * The tanh input rescale for an int16 value with scale 2^power (TFLite's LSTM: the gate
 * pre-activations are Q3.12, power −12; the cell state has its own power). The table wants
 * Q3.12 scaled by 3, so the shift is (15 + power) − 3: left when positive (folded into the
 * multiplier as 3·2^shift), right with rounding when negative.
 */
export function tanhRescaleForPower(power: number): { readonly multiplier: number; readonly leftShift: number } {
  const shift = 15 + power - 3;
  return shift < 0 ? { multiplier: 3, leftShift: -shift } : { multiplier: 0, leftShift: shift };
}
