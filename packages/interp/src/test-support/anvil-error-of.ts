import { isAnvilError } from '@anvil/core';

/** The code and message of the AnvilError `f` throws; anything else it throws is rethrown. */
export function anvilErrorOf(f: () => unknown): { readonly code: string; readonly message: string } | 'no error' {
  try {
    f();
  } catch (e) {
    if (isAnvilError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  return 'no error';
}
