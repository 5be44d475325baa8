import type { Graph } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import type { Target } from './target.js';
import { token } from './token.js';

/**
 * Claims are first-wins across tiers in this order, then by priority within a tier: an
 * offloader beats a target's SIMD kernels, which beat the portable C every target has.
 */
export const STRATEGY_TIERS = ['offload', 'target', 'portable'] as const;
export type StrategyTier = (typeof STRATEGY_TIERS)[number];

/** What a strategy needs to emit one node's kernel. */
export interface KernelEmitContext {
  readonly graph: Graph;
  readonly target: Target;
  /** The C function to define (unique per node). */
  readonly functionName: string;
  /** The C symbol of a constant tensor's data (weights, biases). */
  weightSymbol(tensorId: number): string;
}

/**
 * A kernel emitted as one C file defining one public function. Its parameters follow one
 * convention: each non-constant input in order (`const T *x<i>`), then each output
 * (`T *y<j>`), then `void *workspace` when `workspaceBytes > 0`.
 */
export interface EmittedKernel {
  readonly source: string;
  /** Extra headers the file includes, relative to runtime-c/include. */
  readonly includes: readonly string[];
}

export interface KernelStrategy {
  readonly name: string;
  /** Which backend lowers the node (`portable-c`, `cortex-m-dsp`, `ethos-u`…), for reports. */
  readonly backend: string;
  readonly tier: StrategyTier;
  /** Priority within the tier when it can lower this node on this target, else undefined. */
  claim(node: Node, graph: Graph, target: Target): number | undefined;
  workspaceBytes(node: Node, graph: Graph, target: Target): number;
  emit(node: Node, ctx: KernelEmitContext): EmittedKernel;
}

/** Multi-provider: every registered strategy is asked; see `chooseStrategy`. */
export const KernelStrategyToken = token<KernelStrategy>('KernelStrategy');
