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
  /**
   * Where a persistent tensor (model state) lives, as a C address constant of type
   * `uint8_t *` (usable in a static initializer): the kernel reads and updates it in place.
   */
  stateBuffer(tensorId: number): string;
  /** The variant a tuning log chose for this node (one of the strategy's `variants`); undefined: its default. */
  readonly variant?: string;
}

/**
 * A kernel emitted as one C file defining one public function. Its parameters follow one
 * convention: each non-constant input in order (`const T *x<i>`), then each output
 * (`T *y<j>`), then `void *workspace` when `workspaceBytes > 0`. For C that is not in Anvil's
 * kernel library (an accelerator's driver call, a third-party kernel).
 */
export interface KernelSource {
  readonly source: string;
  /** Extra headers the file includes, relative to runtime-c/include. */
  readonly includes: readonly string[];
}

/** A constant table a kernel's parameters point at (per-channel multipliers, folded biases…). */
export interface KernelTable {
  readonly ctype: 'int8_t' | 'uint8_t' | 'int16_t' | 'int32_t';
  readonly values: ArrayLike<number>;
  /** Byte alignment the kernel relies on (vector loads); default the type's own. */
  readonly align?: number;
}

/**
 * One field of a kernel's parameter struct. Integers and integer arrays are structural: a
 * specialised call folds them into its loops, and only calls whose structural fields are all
 * equal share a specialised function. The rest is read at run time from the node's parameters
 * even when specialised: `{ scalar }` (a value a kernel gains nothing from folding, so nodes
 * that differ only there can share), a C expression (a weight symbol, NULL, a float literal),
 * or a constant table the field points at. Anvil's own kernels keep quantization structural:
 * read at run time, the offsets and shifts cost registers and constant folding (up to 4%
 * measured on Cortex-M, and far more in the elementwise kernels).
 */
export type KernelParam = number | readonly number[] | { readonly scalar: number } | string | { readonly table: KernelTable };

/**
 * A call into Anvil's C kernel library (`runtime-c/kernels`). The strategy only derives the
 * parameters; the generator decides per node (`--code-size`) whether the call is specialised
 * (a per-node function calling the kernel's `static inline` body with the parameters as
 * compile-time constants, shared by nodes with identical parameters) or shared (a call of the
 * one out-of-line instance with the parameters in flash). Every library kernel has the
 * signature `anvil_status_t f(const f_params_t *params, operands…, outputs…, void *workspace)`.
 */
export interface KernelCall {
  /** The library function, `anvil_<op>[_<variant>]_<type>`: `runtime-c/kernels/<function>.h`. */
  readonly function: string;
  /** Fields of `<function>_params_t`, written as designated initializers (order free). */
  readonly params: ReadonlyArray<readonly [field: string, value: KernelParam]>;
  /** Input slots passed as pointers, in order (activations, or constants as their symbols). */
  readonly operands: readonly number[];
  /** The operands go as one array argument (`const T *const inputs[]`), for variadic ops. */
  readonly operandArray?: boolean;
  /** The outputs go as one array argument (`T *const outputs[]`), for ops with a variable output count. */
  readonly outputArray?: boolean;
}

export type EmittedKernel = KernelSource | KernelCall;

export function isKernelCall(k: EmittedKernel): k is KernelCall {
  return 'function' in k;
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
  /** Scratch bytes the kernel needs, for its default or the named variant. */
  workspaceBytes(node: NodeFor<K>, graph: Graph, target: Target, variant?: string): number;
  emit(node: NodeFor<K>, ctx: KernelEmitContext): EmittedKernel;
  /**
   * Other forms of the same computation for this node (weight layout, blocking, unrolling),
   * every one bit-exact, that `anvil tune` counts on a board; the first is the default.
   * Absent or empty: one form only.
   */
  variants?(node: NodeFor<K>, graph: Graph, target: Target): readonly string[];
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
