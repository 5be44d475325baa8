import { errors, fail } from '@anvil/core';

/**
 * TFLite CalculateInputRadius: the largest |input difference| whose rescaled value still fits
 * in `integerBits` integer bits, floor((2^integerBits - 1) * 2^(totalBits - integerBits) /
 * 2^leftShift). TFLM computes it with `1LL << leftShift`, undefined for a negative or >= 63
 * shift; those only arise for absurd input scales, so we refuse them.
 */
export function calculateInputRadius(integerBits: number, leftShift: number, label: string, totalBits = 31): number {
  if (!(leftShift >= 0 && leftShift < 63)) {
    fail(errors.opQuantizationInvalid(label, `input rescale needs a shift of ${leftShift}; the input scale is out of range`));
  }
  return Math.floor(((2 ** integerBits - 1) * 2 ** (totalBits - integerBits)) / 2 ** leftShift);
}
