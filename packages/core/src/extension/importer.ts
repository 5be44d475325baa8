import type { Graph } from '../ir/graph.js';
import { token } from './token.js';

/**
 * Turns model bytes into a verified-able Graph. `canImport` must be cheap (look at magic
 * bytes or the name) and decide from the header: loading a file asks it first with only the
 * first 64 KiB (the whole file if smaller), and reads the rest only if some importer claims it.
 * `import` throws AnvilError (MODEL_*, UNSUPPORTED_OPERATORS) on bad input, returns the graph
 * itself (not a promise), and never crashes, hangs or allocates beyond what the bytes justify.
 */
export interface Importer {
  readonly name: string;
  canImport(bytes: Uint8Array, fileName: string): boolean;
  import(bytes: Uint8Array, fileName: string): Graph;
}

/** Multi-provider: every registered importer is asked in registration order; first claim wins. */
export const ImporterToken = token<Importer>('Importer');
