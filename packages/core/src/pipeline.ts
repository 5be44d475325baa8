import type { Graph } from './ir/graph.js';
import { verifyGraph } from './passes/verify-graph.js';

/** A named, pure graph-to-graph step. Names drive `--dump-after`. */
export interface Pass {
  readonly name: string;
  run(graph: Graph): Graph;
}

/**
 * The compile pipeline, in order. Each entry is pure; the graph is verified on entry and
 * again before emission (the last pass), so no pass can hand the emitter a broken graph.
 */
export const PIPELINE: readonly Pass[] = [
  // Shapes, types, quantization and order, exactly as imported.
  { name: 'verify-input', run: verifyGraph },
  // Re-check after the passes above; kept last so later passes are covered too.
  { name: 'verify-output', run: verifyGraph },
];

/** Runs the passes in order; `onPass` sees each result (for `--dump-after`). */
export function runPipeline(graph: Graph, passes: readonly Pass[] = PIPELINE, onPass?: (name: string, g: Graph) => void): Graph {
  return passes.reduce((g, p) => {
    const next = p.run(g);
    onPass?.(p.name, next);
    return next;
  }, graph);
}
