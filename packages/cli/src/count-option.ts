import { errors, fail } from '@anvil/core';

export interface CountRange {
  readonly min: number;
  readonly max: number;
  /** Unit the count is in, for messages (`ms`); none for a plain count. */
  readonly unit?: string;
  /** Why the maximum is what it is, for the hint. */
  readonly why?: string;
}

const n = (x: number): string => x.toLocaleString('en-US');

/**
 * A whole number the user gives (`--iterations 100`, `--time-limit 5000`), in decimal
 * digits only, and within a stated range: every count Anvil acts on is bounded, so no
 * typo can start a run that never ends.
 */
export function parseCount(text: string, option: string, range: CountRange): number {
  const unit = range.unit === undefined ? '' : ` ${range.unit}`;
  const span = `${n(range.min)} to ${n(range.max)}${unit}`;
  const hint = `give a whole number from ${span}${range.why === undefined ? '' : ` (${range.why})`}`;
  if (!/^\d+$/.test(text.trim())) fail(errors.cliBadArgument(`${option} ${text} is not a whole number`, hint));
  const value = Number(text.trim());
  if (value < range.min || value > range.max) fail(errors.cliBadArgument(`${option} ${text} is out of range (${span})`, hint));
  return value;
}

/**
 * `run --iterations`: a million inferences time any model precisely (hundreds already do);
 * beyond that a typo (an extra zero or three) would only start a run of hours.
 */
export const ITERATIONS: CountRange = { min: 1, max: 1_000_000, why: 'a few hundred time a model well' };

/** `plan --time-limit`: up to an hour for the searching planners. */
export const TIME_LIMIT_MS: CountRange = { min: 1, max: 3_600_000, unit: 'ms', why: 'at most an hour' };
