import { errors, fail } from '@anvil/core';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { isOwnOutput, recordOutputs } from './output-ledger.js';
import { checkOutputFile, guardFs } from './output-paths.js';

/** A file to write at a path the user chose (`--output PREFIX` files, `plan --html`). */
export interface OutputFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

/**
 * Writes files at user-chosen paths by the rules of `output-paths.ts`. Every path is checked
 * before any is written, so a refusal leaves nothing half-written; each file is written
 * atomically; without `force` an existing file is never replaced, not even one another process
 * created after the check. Returns the paths as given.
 */
export function writeOutputFiles(files: readonly OutputFile[], force: boolean): string[] {
  const targets = files.map((f) => checkOutputFile(f.path, force));
  files.forEach((f, k) => {
    const abs = targets[k] as string;
    // Replacing is allowed where Anvil's own earlier output is still at the path, unchanged.
    const replace = force || isOwnOutput(abs);
    if (!guardFs(abs, () => writeFileAtomic(abs, f.content, replace))) fail(errors.cliOutputExists(f.path));
  });
  guardFs(dirname(targets[0] ?? '.'), () => recordOutputs(files.map((f, k) => ({ abs: targets[k] as string, content: f.content }))));
  return files.map((f) => f.path);
}
