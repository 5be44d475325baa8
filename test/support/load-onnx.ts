import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importModel } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { OnnxImporter, importOnnxWithValues } from '@anvil/importer-onnx';
import { toStored } from './onnx-compare.js';

/** An ONNX model imported as users get it (verified), and its int8 inputs in the stored layout. */
export interface LoadedOnnx {
  readonly graph: Graph;
  /** onnxruntime's int8 input stream (ONNX layout) → the graph's input bytes (NCHW inputs stored NHWC). */
  storedInputs(ins: readonly Uint8Array[]): Uint8Array[];
}

export function loadOnnx(path: string): LoadedOnnx {
  const bytes = new Uint8Array(readFileSync(path));
  const graph = importModel([new OnnxImporter()], bytes, basename(path));
  const { values } = importOnnxWithValues(bytes, graph.name);
  return {
    graph,
    storedInputs: (ins) =>
      graph.inputs.map((id, k) => {
        const v = values.get(graph.tensors[id]?.name ?? '');
        if (v === undefined) throw new Error(`input tensor ${id} has no ONNX value`);
        return toStored(ins[k] ?? new Uint8Array(0), v.logicalShape, v.perm);
      }),
  };
}
