import { existsSync, mkdtempSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errors, fail } from '@anvil/core';

/**
 * Tries to make (and removes) a folder in `folder`: the one test of writability that holds for
 * root too, on a read-only mount and in /proc (where a recursive mkdir would never return).
 * `path` is what the user named, for the message.
 */
export function checkWritable(folder: string, path: string): void {
  let probe: string;
  try {
    probe = mkdtempSync(join(folder, '.anvil-probe-'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    fail(errors.cliOutputUnwritable(path, `nothing can be created in ${folder} (${code})`), e);
  }
  rmdirSync(probe);
}

/** The nearest folder of `abs` (itself included) that exists: where `mkdir -p` would start. */
export function nearestExistingFolder(abs: string): string {
  let existing = abs;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  return existing;
}
