import { roundingDivideByPOT } from './rounding-divide-by-pot.js';
import { saturatingRoundingDoublingHighMul } from './saturating-rounding-doubling-high-mul.js';

/**
 * `x * (1 << left)` on int32 as TFLM's x86-64 build computes it: an `imul` that wraps. The C
 * source has undefined behaviour on overflow (and `1 << 31` itself is INT32_MIN in practice);
 * Math.imul reproduces the wrapped product bit for bit. Params derivation rejects left > 31.
 */
function shiftLeftWrapping(x: number, left: number): number {
  return Math.imul(x, 1 << left);
}

/**
 * TFLite MultiplyByQuantizedMultiplier(int32), double-rounding version: a left shift for a
 * positive shift, the doubling high multiply, then a rounding right shift for a negative one.
 * The two roundings are what makes this differ from single-rounding builds.
 */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shiftLeftWrapping(x, left), multiplier), right);
}

/** MultiplyByQuantizedMultiplierSmallerThanOneExp: `leftShift` is <= 0 by construction. */
export function multiplyByQuantizedMultiplierSmallerThanOneExp(x: number, multiplier: number, leftShift: number): number {
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), -leftShift);
}

/** MultiplyByQuantizedMultiplierGreaterThanOne: `leftShift` is >= 0 by construction. */
export function multiplyByQuantizedMultiplierGreaterThanOne(x: number, multiplier: number, leftShift: number): number {
  return saturatingRoundingDoublingHighMul(shiftLeftWrapping(x, leftShift), multiplier);
}
