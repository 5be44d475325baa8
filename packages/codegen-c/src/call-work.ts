import { opDefOf } from '@anvil/core';
import type { Graph, Node } from '@anvil/core';

/**
 * Rough instructions per output element of the ops whose cost MACs do not tell: their
 * requantization is a few dozen instructions an element (ADD rescales both inputs and the
 * sum), softmax an exp and a reciprocal step, copies a fraction of one. Measured on the
 * Cortex-M kernels to the nearest round number; what matters is the order of magnitude
 * against one instruction per MAC.
 */
const PER_ELEMENT: Partial<Record<Node['op'], number>> = {
  ADD: 25,
  MUL: 15,
  QUANTIZE: 15,
  DEQUANTIZE: 15,
  LOGISTIC: 30,
  SOFTMAX: 50,
  PAD: 0.25,
  CONCATENATION: 0.25,
  TRANSPOSE: 0.5,
  STRIDED_SLICE: 0.5,
  SPLIT: 0.25,
  UNPACK: 0.25,
  PACK: 0.25,
  GATHER: 0.25,
  SUB: 25,
  MINIMUM: 3,
  MAXIMUM: 3,
  SQUARED_DIFFERENCE: 30,
  TANH: 30,
  RSQRT: 3,
};

/**
 * The work of one library call, in about instructions: its MACs (convolutions, fully
 * connected, pooling windows, reductions), or its output elements times the per-element cost
 * of its op. `--code-size balanced` ranks calls by it.
 */
export function callWork(node: Node, graph: Graph): number {
  const elements = node.outputs.reduce((a, id) => a + (graph.tensors[id]?.shape ?? []).reduce((x, d) => x * d, 1), 0);
  return Math.max(opDefOf(node).macs(node, graph), elements * (PER_ELEMENT[node.op] ?? 1));
}
