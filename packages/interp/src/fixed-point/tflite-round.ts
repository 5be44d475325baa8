/**
 * TfLiteRound: `std::round`, i.e. round half away from zero. For a float32 argument the
 * C++ overload is `roundf`, which gives the same integer as rounding the (exactly equal)
 * double, so one function serves both.
 *
 * `x - trunc(x)` is exact in binary floating point, so unlike `Math.round(Math.abs(x))` there
 * is no trap near 0.49999999999999994 and no bias for negative ties.
 */
export function tfliteRound(x: number): number {
  const whole = Math.trunc(x);
  const frac = x - whole;
  if (frac >= 0.5) return whole + 1;
  if (frac <= -0.5) return whole - 1;
  // Normalise -0 so results compare equal with === and print as 0.
  return whole === 0 ? 0 : whole;
}
