import { dirname } from 'node:path';
import { checkOutputFile, checkOutputFolder, checkWritable, nearestExistingFolder } from '@anvil/sdk';

/**
 * `compile -o DIR`: the sdk's rules for an output folder (which refuse a file on the way), and
 * then, before the compile, that it can be made where it is: missing folders on the way are
 * created (as `mkdir -p` would), so the nearest one that exists must be writable.
 */
export function checkOutputDir(dir: string): string {
  const abs = checkOutputFolder(dir);
  checkWritable(nearestExistingFolder(abs), dir);
  return abs;
}

/** An output file (`--output PREFIX_0.bin`, `--html`, `tune -o`): the sdk's rules, then its folder can be written. */
export function checkOutputFileWritable(path: string, force: boolean): string {
  const abs = checkOutputFile(path, force);
  checkWritable(dirname(abs), path);
  return abs;
}
