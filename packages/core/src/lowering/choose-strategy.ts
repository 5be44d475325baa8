import { fail } from '../errors/anvil-error.js';
import { noKernel } from '../errors/builders.js';
import type { KernelStrategy } from '../extension/kernel-strategy.js';
import { STRATEGY_TIERS } from '../extension/kernel-strategy.js';
import type { Target } from '../extension/target.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { Node } from '../ir/node.js';

/**
 * First-wins: the earliest tier with a claim, then the highest priority, then the strategy
 * name (so the choice never depends on registration order). No claim is an error, never a
 * silent fallback.
 */
export function chooseStrategy(strategies: readonly KernelStrategy[], node: Node, graph: Graph, target: Target): KernelStrategy {
  for (const tier of STRATEGY_TIERS) {
    const claims = strategies
      .filter((s) => s.tier === tier)
      .map((s) => ({ s, p: s.claim(node, graph, target) }))
      .filter((c): c is { s: KernelStrategy; p: number } => c.p !== undefined)
      .sort((a, b) => b.p - a.p || a.s.name.localeCompare(b.s.name));
    if (claims[0] !== undefined) return claims[0].s;
  }
  fail(noKernel(nodeLabel(node), target.name));
}
