import type { Graph, Tensor } from '@anvil/core';
import { tensorBytes } from '@anvil/core';
import { anvilVersion } from './anvil-version.js';

/**
 * The version of every `--json` document's shape. Tools check it before reading: it goes up
 * when a field is renamed, removed or changes meaning (adding a field does not change it).
 */
export const JSON_SCHEMA_VERSION = 1;

/** How every command names the model it read: the path as given, and the model's own name. */
export interface ModelRef {
  readonly path: string;
  readonly name: string;
}

/** One model output as interp and run report it (and wrote it, when `file` is set). */
export interface OutputRef {
  readonly index: number;
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly bytes: number;
  readonly file?: string;
}

export const modelRef = (path: string, name: string): ModelRef => ({ path, name });

/** The graph's outputs, in order, with the files they were written to. */
export function outputRefs(graph: Graph, files: readonly string[]): OutputRef[] {
  return graph.outputs.map((id, index) => {
    const t = graph.tensors[id] as Tensor;
    const file = files[index];
    return { index, name: t.name, dtype: t.dtype, shape: t.shape, bytes: tensorBytes(t), ...(file === undefined ? {} : { file }) };
  });
}

/** A command's `--json` document: the schema and Anvil versions first, then its own fields. */
export function jsonDocument(body: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, anvilVersion: anvilVersion(), ...body }, null, 2);
}

/** What an error is under `--json`: on stdout, as data, with the same exit code as without. */
export function jsonError(e: { readonly code: string; readonly message: string; readonly hint: string }): string {
  return jsonDocument({ error: { code: e.code, message: e.message, hint: e.hint } });
}
