import { fail } from '../errors/anvil-error.js';
import { noKernel } from '../errors/builders.js';
import type { KernelStrategy } from '../extension/kernel-strategy.js';
import type { Target } from '../extension/target.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import type { StepKernel } from './program.js';

/**
 * First-wins among the strategies listing the node's op: the earliest tier with a claim,
 * then the highest priority, then the strategy name (so the choice never depends on
 * registration order). No claim is an error, never a silent fallback.
 */
export function chooseStrategy(strategies: readonly KernelStrategy[], node: Node, graph: Graph, target: Target): KernelStrategy {
  const offered = strategies.filter((s) => s.ops.includes(node.op));
  for (const tier of ['target', 'portable'] as const) {
    const claims = offered
      .filter((s) => s.tier === tier)
      .map((s) => ({ s, p: s.claim(node, graph, target) }))
      .filter((c): c is { s: KernelStrategy; p: number } => c.p !== undefined)
      .sort((a, b) => b.p - a.p || a.s.name.localeCompare(b.s.name));
    if (claims[0] !== undefined) return claims[0].s;
  }
  fail(noKernel(nodeLabel(node), target.name));
}

/** The chosen strategy bound to its node, as lowering stores it on the step. */
export function strategyKernel(strategy: KernelStrategy, node: Node, graph: Graph, target: Target): StepKernel {
  return {
    name: strategy.name,
    backend: strategy.backend,
    workspaceBytes: strategy.workspaceBytes(node, graph, target),
    access: [],
    emit: (ctx) => strategy.emit(node, ctx),
  };
}

/** Lowering's kernel choice when only strategies compete (no offloaded regions). */
export function strategyChooser(strategies: readonly KernelStrategy[], graph: Graph, target: Target): (node: Node) => StepKernel {
  return (node) => strategyKernel(chooseStrategy(strategies, node, graph, target), node, graph, target);
}
