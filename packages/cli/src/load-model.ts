import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImporterToken, errors, fail, importModel, resolveAllOrNone } from '@anvil/core';
import type { Graph } from '@anvil/core';
import type { DependencyContainer } from 'tsyringe';

/** Reads a model file and imports it with the registered importers (verified). */
export async function loadModel(container: DependencyContainer, path: string): Promise<Graph> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    fail(errors.modelUnreadable(path, e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e)));
  }
  return importModel(resolveAllOrNone(container, ImporterToken), bytes, basename(path));
}
