import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errors, fail } from '@anvil/core';

/** Reads comma-separated raw input files. */
export async function readInputs(list: string): Promise<Uint8Array[]> {
  const paths = list.split(',').filter((p) => p.length > 0);
  return Promise.all(
    paths.map(async (p) => {
      try {
        return new Uint8Array(await readFile(p));
      } catch (e) {
        fail(errors.inputFileUnreadable(p, (e as NodeJS.ErrnoException).code ?? String(e)));
      }
    }),
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `PREFIX_<i>.bin` for each output. Refuses to replace any existing file unless
 * `force`, checking all names before writing any, so a refusal leaves nothing half-written.
 */
export async function writeOutputs(prefix: string, outputs: readonly Uint8Array[], force: boolean): Promise<string[]> {
  const paths = outputs.map((_, i) => `${prefix}_${i}.bin`);
  if (!force) {
    for (const p of paths) if (await exists(p)) fail(errors.cliOutputExists(p));
  }
  await mkdir(dirname(prefix), { recursive: true });
  await Promise.all(paths.map((p, i) => writeFile(p, outputs[i] as Uint8Array)));
  return paths;
}
