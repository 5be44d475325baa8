import type { Graph } from '@anvil/core';
import { FlatReader } from './flat-reader.js';
import { checkHeader, readModel } from './read-model.js';
import { resolveOps, toGraph } from './to-graph.js';

/**
 * TFLite flatbuffer → Graph. Checks, in order: header and identifier, the model structure,
 * that every operator is supported (all reported at once), then tensors and options. The
 * result is not yet verified; `importModel` in core runs the verifier on every import.
 */
export function importTflite(bytes: Uint8Array, name: string): Graph {
  checkHeader(bytes);
  const r = new FlatReader(bytes);
  const model = readModel(r);
  const ops = resolveOps(model);
  return toGraph(r, model, ops, name);
}
