import { cArray, cInt } from '../c-text.js';

/**
 * Per-channel multipliers and shifts as static tables, or as literals when every channel
 * shares one (per-tensor weights): then the compiler folds them into the loop.
 */
export function requantTables(multipliers: readonly number[], shifts: readonly number[]): { decl: string; mult: string; shift: string } {
  const uniform = multipliers.every((m) => m === multipliers[0]) && shifts.every((s) => s === shifts[0]);
  if (uniform) return { decl: '', mult: cInt(multipliers[0] ?? 0), shift: cInt(shifts[0] ?? 0) };
  return {
    decl: `${cArray('int32_t', 'k_multiplier', multipliers)}\n${cArray('int8_t', 'k_shift', shifts)}\n`,
    mult: 'k_multiplier[oc]',
    shift: 'k_shift[oc]',
  };
}
