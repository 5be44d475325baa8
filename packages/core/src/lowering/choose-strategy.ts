import { fail } from '../errors/anvil-error.js';
import { noKernel } from '../errors/builders.js';
import type { KernelStrategy } from '../extension/kernel-strategy.js';
import type { Target } from '../extension/target.js';
import type { Graph } from '../ir/graph.js';
import { nodeLabel } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import { tuningKey } from '../tuning/tuning-log.js';
import type { KernelChoice, TuningLog } from '../tuning/tuning-log.js';
import type { StepKernel, TuningUse } from './program.js';

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

/** The chosen strategy (and variant) bound to its node, as lowering stores it on the step. */
export function strategyKernel(
  strategy: KernelStrategy,
  node: Node,
  graph: Graph,
  target: Target,
  variant?: string,
  tuning?: TuningUse,
): StepKernel {
  return {
    name: strategy.name,
    backend: strategy.backend,
    workspaceBytes: strategy.workspaceBytes(node, graph, target, variant),
    access: [],
    emit: (ctx) => strategy.emit(node, variant === undefined ? ctx : { ...ctx, variant }),
    ...(variant === undefined ? {} : { variant }),
    ...(tuning === undefined ? {} : { tuning }),
  };
}

/**
 * Every way the strategies offer to lower this node, the default first: each strategy that
 * claims it (the chosen one, then the rest by tier and priority), each of its variants.
 */
export function kernelChoices(strategies: readonly KernelStrategy[], node: Node, graph: Graph, target: Target): KernelChoice[] {
  const first = chooseStrategy(strategies, node, graph, target);
  const tierRank = (s: KernelStrategy): number => (s.tier === 'target' ? 0 : 1);
  const others = strategies
    .filter((s) => s !== first && s.ops.includes(node.op))
    .map((s) => ({ s, p: s.claim(node, graph, target) }))
    .filter((c): c is { s: KernelStrategy; p: number } => c.p !== undefined)
    .sort((a, b) => tierRank(a.s) - tierRank(b.s) || b.p - a.p || a.s.name.localeCompare(b.s.name))
    .map((c) => c.s);
  return [first, ...others].flatMap((s) => {
    const variants = s.variants?.(node, graph, target) ?? [];
    return variants.length === 0 ? [{ strategy: s.name }] : variants.map((variant) => ({ strategy: s.name, variant }));
  });
}

/**
 * Lowering's kernel choice when only strategies compete (no offloaded regions): first-wins,
 * or what a tuning log chose for the node's kind when that strategy still claims the node
 * and still offers that variant (else first-wins, and the step says the entry was stale).
 */
export function strategyChooser(
  strategies: readonly KernelStrategy[],
  graph: Graph,
  target: Target,
  tuning?: TuningLog,
): (node: Node) => StepKernel {
  const byKey = new Map((tuning?.entries ?? []).map((e) => [e.key, e]));
  return (node) => {
    const entry = byKey.get(tuningKey(node, graph));
    if (entry !== undefined) {
      const { strategy: name, variant } = entry.best;
      const s = strategies.find((x) => x.name === name && x.ops.includes(node.op) && x.claim(node, graph, target) !== undefined);
      const offered = s?.variants?.(node, graph, target) ?? [];
      if (s !== undefined && (variant === undefined ? offered.length === 0 : offered.includes(variant)))
        return strategyKernel(s, node, graph, target, variant, 'applied');
    }
    const chosen = chooseStrategy(strategies, node, graph, target);
    return strategyKernel(chosen, node, graph, target, undefined, entry === undefined ? undefined : 'stale');
  };
}
