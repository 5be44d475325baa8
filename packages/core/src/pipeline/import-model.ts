import { AnvilError, fail } from '../errors/anvil-error.js';
import { modelFormatUnknown, pluginFailed } from '../errors/builders.js';
import { pluginOf } from '../extension/guard-service.js';
import type { Importer } from '../extension/importer.js';
import type { Graph } from '../ir/graph.js';
import { graphShapeProblem } from '../ir/graph-shape.js';
import { verifyGraph } from '../passes/verify-graph.js';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Picks the first importer that claims the bytes (first-wins, registration order), imports
 * and verifies. Anything but an AnvilError from a plugin is a plugin bug and is tagged so:
 * a throw, a result that is not a graph at all (null, a promise), or one so malformed that
 * the verifier itself trips over it. A well-formed graph the verifier rejects keeps the
 * verifier's code (GRAPH_INVALID…): that is the model at fault, whoever imported it.
 */
export function importModel(importers: readonly Importer[], bytes: Uint8Array, fileName: string): Graph {
  const importer = importers.find((i) => i.canImport(bytes, fileName));
  if (importer === undefined) fail(modelFormatUnknown(fileName));
  const plugin = pluginOf(importer) ?? importer.name;
  let result: unknown;
  try {
    result = importer.import(bytes, fileName);
  } catch (e) {
    if (e instanceof AnvilError) throw e;
    fail(pluginFailed(plugin, 'import', reason(e)), e);
  }
  const problem = graphShapeProblem(result);
  if (problem !== undefined) {
    // A promise left unawaited would reject unhandled later and end the process with a stack trace.
    if (isThenable(result)) Promise.resolve(result).catch(() => undefined);
    fail(pluginFailed(plugin, 'import', `returned ${problem}`));
  }
  try {
    return verifyGraph(result as Graph);
  } catch (e) {
    if (e instanceof AnvilError) throw e;
    fail(pluginFailed(plugin, 'import', `returned a malformed graph: ${reason(e)}`), e);
  }
}
