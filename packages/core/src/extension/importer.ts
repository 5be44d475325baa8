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
  /**
   * The model's operators as the file states them, each marked whether Anvil supports it: what
   * `inspect` shows for a model `import` refuses with UNSUPPORTED_OPERATORS. Same bounds as
   * `import`; a file too damaged to list is an AnvilError too.
   */
  outline?(bytes: Uint8Array, fileName: string): ModelOutline;
}

/** A tensor as the model file describes it (`dtype` in the file's own terms when Anvil has no such type). */
export interface TensorOutline {
  readonly index: number;
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
}

export interface OperatorOutline {
  readonly index: number;
  /** The file's operator name (`UNIDIRECTIONAL_SEQUENCE_LSTM`). */
  readonly op: string;
  readonly supported: boolean;
  readonly inputs: readonly TensorOutline[];
  readonly outputs: readonly TensorOutline[];
}

export interface ModelOutline {
  readonly name: string;
  readonly format: string;
  readonly inputs: readonly TensorOutline[];
  readonly outputs: readonly TensorOutline[];
  readonly operators: readonly OperatorOutline[];
}

/** Multi-provider: every registered importer is asked in registration order; first claim wins. */
export const ImporterToken = token<Importer>('Importer');
