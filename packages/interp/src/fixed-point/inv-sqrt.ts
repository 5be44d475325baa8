import { INT32_MAX, subWrap } from './int32.js';
import { roundingDivideByPOT } from './rounding-divide-by-pot.js';
import { saturatingRoundingDoublingHighMul as mul } from './saturating-rounding-doubling-high-mul.js';
import { saturatingRoundingMultiplyByPOT } from './saturating-rounding-multiply-by-pot.js';

/** TFLM's kReverseShift: GetInvSqrtQuantizedMultiplierExp returns a right shift as a left one. */
export const REVERSE_SHIFT = -1;

/** 1.5 and √2/2 in gemmlowp's Q3.28 and Q0.31, as the reference spells them. */
const HALF_THREE_Q3 = 2 ** 28 + 2 ** 27;
const HALF_SQRT2_Q0 = 1518500250;
const ONE_Q3 = 2 ** 28;

/**
 * GetInvSqrtQuantizedMultiplierExp (TensorFlow Lite kernels/internal/common.h): 1/√input as a
 * Q0.31 multiplier and a shift. The input is brought to [2^27, 2^29) by pairs of bits (so the
 * shift stays a whole power of two of the root), then five Newton-Raphson steps
 * x ← 1.5·x − (input/2)·x³ from x = 1 in Q3.28, then a multiply by √2/2. Inputs 0 and 1 give
 * INT32_MAX and shift 0. Every product is gemmlowp's rounding doubling high multiply, every
 * format change a saturating rounding shift.
 */
export function invSqrtQuantizedMultiplierExp(input: number, reverseShift: number): { multiplier: number; shift: number } {
  if (input <= 1) return { multiplier: INT32_MAX, shift: 0 };
  let shift = 11;
  let v = input;
  while (v >= 2 ** 29) {
    v = Math.trunc(v / 4);
    shift++;
  }
  const maxLeftShiftBits = Math.clz32(v) - 1;
  const leftShiftBitPairs = Math.floor(maxLeftShiftBits / 2) - 1;
  shift -= leftShiftBitPairs;
  v = v * 2 ** (2 * leftShiftBitPairs);
  const fixedInput = v >> 1; // Q3.28
  const halfInput = roundingDivideByPOT(fixedInput, 1);
  let x = ONE_Q3;
  for (let i = 0; i < 5; i++) {
    // x·x·x is Q9.22; back to Q3.28 by a saturating shift of 6.
    const x3 = saturatingRoundingMultiplyByPOT(mul(mul(x, x), x), 6);
    // 1.5·x and (input/2)·x³ are Q6.25; their difference back to Q3.28 by a shift of 3.
    x = saturatingRoundingMultiplyByPOT(subWrap(mul(HALF_THREE_Q3, x), mul(halfInput, x3)), 3);
  }
  let multiplier = mul(x, HALF_SQRT2_Q0);
  if (shift < 0) {
    // A left shift on int32, wrapping as the reference's `<<=` does on the targets it runs on.
    multiplier = Math.imul(multiplier, 2 ** -shift);
    shift = 0;
  }
  // `| 0`: a shift of 0 times -1 is -0 in JavaScript, but 0 in C.
  return { multiplier, shift: (shift * reverseShift) | 0 };
}
