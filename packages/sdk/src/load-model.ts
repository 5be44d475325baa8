import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { errors, fail, importModel } from '@anvil/core';
import type { Graph, Importer } from '@anvil/core';

/** Reads a model file and imports it with the first importer that claims it (verified). */
export async function loadModel(importers: readonly Importer[], path: string): Promise<Graph> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    fail(errors.modelUnreadable(path, e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e)));
  }
  return importModel(importers, bytes, basename(path));
}
