import { existsSync, mkdtempSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errors, fail } from '@anvil/core';
import { checkOutputFile, checkOutputFolder } from '@anvil/sdk';

/**
 * Tries to make (and removes) a folder in `folder`: the one test of writability that holds for
 * root too, on a read-only mount and in /proc (where a recursive mkdir would never return).
 */
function checkWritable(folder: string, path: string): void {
  let probe: string;
  try {
    probe = mkdtempSync(join(folder, '.anvil-probe-'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    fail(errors.cliOutputUnwritable(path, `nothing can be created in ${folder} (${code})`), e);
  }
  rmdirSync(probe);
}

/**
 * `compile -o DIR`: the sdk's rules for an output folder (which refuse a file on the way), and
 * then, before the compile, that it can be made where it is: missing folders on the way are
 * created (as `mkdir -p` would), so the nearest one that exists must be writable.
 */
export function checkOutputDir(dir: string): string {
  const abs = checkOutputFolder(dir);
  let existing = abs;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  checkWritable(existing, dir);
  return abs;
}

/** An output file (`--output PREFIX_0.bin`, `--html`, `tune -o`): the sdk's rules, then its folder can be written. */
export function checkOutputFileWritable(path: string, force: boolean): string {
  const abs = checkOutputFile(path, force);
  checkWritable(dirname(abs), path);
  return abs;
}
