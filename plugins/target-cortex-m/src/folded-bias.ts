import type { Graph, Tensor } from '@anvil/core';

// The input offset folded into the bias is codegen-c's foldedBias, shared by every target's kernels.
export { foldedBias } from '@anvil/codegen-c';

/** Constant int8 weights of a tensor. */
export function int8Weights(graph: Graph, id: number): Int8Array {
  const t = graph.tensors[id] as Tensor;
  const d = t.data ?? new Uint8Array(0);
  return new Int8Array(d.buffer, d.byteOffset, d.byteLength);
}
