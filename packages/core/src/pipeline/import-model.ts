import { AnvilError, fail } from '../errors/anvil-error.js';
import { modelFormatUnknown, pluginFailed } from '../errors/builders.js';
import type { Importer } from '../extension/importer.js';
import type { Graph } from '../ir/graph.js';
import { verifyGraph } from '../passes/verify-graph.js';

/**
 * Picks the first importer that claims the bytes (first-wins, registration order), imports
 * and verifies. Anything but an AnvilError from a plugin is a plugin bug and is tagged so.
 */
export function importModel(importers: readonly Importer[], bytes: Uint8Array, fileName: string): Graph {
  const importer = importers.find((i) => i.canImport(bytes, fileName));
  if (importer === undefined) fail(modelFormatUnknown(fileName));
  let graph: Graph;
  try {
    graph = importer.import(bytes, fileName);
  } catch (e) {
    if (e instanceof AnvilError) throw e;
    fail(pluginFailed(importer.name, 'import', e instanceof Error ? e.message : String(e)), e);
  }
  return verifyGraph(graph);
}
