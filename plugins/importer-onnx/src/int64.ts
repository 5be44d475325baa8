import { errors, fail } from '@anvil/core';

/** protobufjs hands out int64 fields as numbers, or as `Long` objects when the long library is present. */
export type Int64 = number | { readonly low: number; readonly high: number; readonly unsigned?: boolean };

/**
 * An int64 field as a JS number, refusing values a double cannot hold exactly: a dimension
 * or an index past 2^53 is damage, not a model, and must not become a rounded size.
 */
export function safeInt(v: Int64 | null | undefined, what: string): number {
  if (v === null || v === undefined) return 0;
  const n = typeof v === 'number' ? v : (v.unsigned === true ? v.high >>> 0 : v.high) * 2 ** 32 + (v.low >>> 0);
  if (!Number.isSafeInteger(n)) fail(errors.modelCorrupt(`${what} is ${String(n)}, not an integer below 2^53`));
  return n;
}
