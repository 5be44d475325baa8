import type { Graph } from '../ir/graph.js';
import { isConstant, tensorBytes } from '../ir/tensor.js';
import { opDefOf } from '../ops/op-defs.js';
import type { PoolUsage } from './problem.js';
import { alignUp } from './problem.js';

/**
 * The flash pool: every constant an operator computes with (views only read shapes), each
 * stored once, read-only, for the whole run, so they simply stack, each start aligned.
 */
export function weightPool(graph: Graph, alignment: number, capacity = Number.POSITIVE_INFINITY, name = 'flash'): PoolUsage {
  const used = new Set<number>();
  for (const n of graph.nodes) {
    if (opDefOf(n).isView) continue;
    for (const i of n.inputs) {
      const t = graph.tensors[i];
      if (t !== undefined && isConstant(t)) used.add(i);
    }
  }
  const bytes = [...used].reduce((s, id) => alignUp(s, alignment) + tensorBytes(graph.tensors[id] as Parameters<typeof tensorBytes>[0]), 0);
  return { name, capacity, used: alignUp(bytes, alignment) };
}
