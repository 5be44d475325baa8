import { fail } from '../errors/anvil-error.js';
import { graphInvalid } from '../errors/builders.js';
import type { Graph } from '../ir/graph.js';
import type { PatchSpec } from '../pipeline/compile-options.js';
import { verifyGraph } from '../passes/verify-graph.js';
import { patchStage } from './patch-stage.js';

/**
 * Makes every stage of `patches` (ranges of `graph`'s node indices, disjoint), the last range
 * first so the earlier ranges' indices still hold, and verifies the result: every
 * transformed graph goes through the same verifier as an imported one.
 */
export function applyPatches(graph: Graph, patches: readonly PatchSpec[]): Graph {
  const sorted = [...patches].sort((a, b) => b.first - a.first);
  sorted.forEach((p, k) => {
    const next = sorted[k + 1];
    if (next !== undefined && next.last >= p.first)
      fail(graphInvalid(`patch stages ${next.first}..${next.last} and ${p.first}..${p.last} overlap`));
  });
  return verifyGraph(sorted.reduce((g, p) => patchStage(g, p, p.bands), graph));
}
