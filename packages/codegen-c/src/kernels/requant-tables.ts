import type { KernelParam } from '@anvil/core';

/**
 * TFLite's per-channel multipliers and shifts as kernel parameters: one table entry per
 * channel, or one entry for all (`per_channel` 0) when every channel shares them, so a
 * specialised call folds the one value into the loop.
 */
export function requantParams(multipliers: readonly number[], shifts: readonly number[]): Array<readonly [string, KernelParam]> {
  const uniform = multipliers.every((m) => m === multipliers[0]) && shifts.every((s) => s === shifts[0]);
  const m = uniform ? multipliers.slice(0, 1) : multipliers;
  const s = uniform ? shifts.slice(0, 1) : shifts;
  return [
    ['per_channel', uniform ? 0 : 1],
    ['multiplier', { table: { ctype: 'int32_t', values: m } }],
    ['shift', { table: { ctype: 'int8_t', values: s } }],
  ];
}
