import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { GeneratedFile } from '@anvil/codegen-c';

/** Marks a folder as Anvil's, so a later compile may replace it without --force. */
export const MARKER = '.anvil-output';

/**
 * Writes the generated files. A non-empty folder that Anvil did not create is refused unless
 * `force`; a folder Anvil created is emptied first, so no stale kernel survives a recompile.
 */
export function writeArtifact(dir: string, files: readonly GeneratedFile[], force: boolean): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (existsSync(join(dir, MARKER))) rmSync(dir, { recursive: true, force: true });
    else if (!force) fail(errors.cliOutputExists(dir));
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), 'This folder was written by `anvil compile`; it is replaced on the next compile.\n');
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
}
