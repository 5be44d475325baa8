import type { OpType } from '../ir/attributes.js';
import type { Graph } from '../ir/graph.js';
import type { NodeOf } from '../ir/node.js';
import type { Target } from './target.js';
import { token } from './token.js';

/**
 * Claims are first-wins across tiers in this order, then by priority within a tier: an
 * offloaded region beats a target's SIMD kernels, which beat the portable C every target has.
 */
export const STRATEGY_TIERS = ['offload', 'target', 'portable'] as const;
export type StrategyTier = (typeof STRATEGY_TIERS)[number];

/** A node of one of the ops in `K`, narrowed so a `switch (node.op)` narrows its attributes. */
export type NodeFor<K extends OpType> = { [P in K]: NodeOf<P> }[K];

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

/**
 * Lowers nodes of the ops it lists. Only nodes of those ops are ever offered to `claim`,
 * `workspaceBytes` and `emit`, so none of them re-checks the op at run time.
 */
export interface KernelStrategy<K extends OpType = OpType> {
  readonly name: string;
  /** Which backend lowers the node (`portable-c`, `cortex-m-dsp`…), for reports. */
  readonly backend: string;
  readonly tier: Exclude<StrategyTier, 'offload'>;
  /** The ops this strategy may lower. */
  readonly ops: readonly K[];
  /** Priority within the tier when it can lower this node on this target, else undefined. */
  claim(node: NodeFor<K>, graph: Graph, target: Target): number | undefined;
  workspaceBytes(node: NodeFor<K>, graph: Graph, target: Target): number;
  emit(node: NodeFor<K>, ctx: KernelEmitContext): EmittedKernel;
}

/**
 * Builds a strategy for one op with the compiler checking every hook against that op's node
 * type; registered as a plain `KernelStrategy`.
 */
export function kernelStrategy<K extends OpType>(s: KernelStrategy<K>): KernelStrategy {
  return s as unknown as KernelStrategy;
}

/** Multi-provider: every registered strategy is asked; see `chooseKernel`. */
export const KernelStrategyToken = token<KernelStrategy>('KernelStrategy');
