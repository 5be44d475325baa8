import type { Graph } from '@anvil/core';
import { readModel } from './read-model.js';
import { foldModel, toGraph } from './to-graph.js';
import type { FoldedModel } from './to-graph.js';

/**
 * ONNX protobuf → Graph: reads and checks the file (read-model.ts), then folds its QDQ or
 * QOperator groups into Anvil's int8 ops (to-graph.ts). The result is not yet verified;
 * `importModel` in core runs the verifier on every import.
 */
export function importOnnx(bytes: Uint8Array, name: string): Graph {
  return toGraph(readModel(bytes, `${name}.onnx`), name);
}

/** As `importOnnx` (unverified), with the ONNX name → tensor map, for comparing against onnxruntime tensor by tensor. */
export function importOnnxWithValues(bytes: Uint8Array, name: string): FoldedModel {
  return foldModel(readModel(bytes, `${name}.onnx`), name);
}
