import type { EmittedKernel, KernelEmitContext } from '../extension/kernel-strategy.js';
import type { OpType } from '../ir/attributes.js';
import type { Graph } from '../ir/graph.js';
import type { PoolAccess } from '../memory/problem.js';
import type { BandLayout } from '../patch/band-layout.js';

/**
 * `persistent`: a stateful op's state (see `Tensor.persistent`), alive at every step and kept
 * between invocations, so it lives in its own pool that nothing else shares.
 */
export type BufferKind = 'input' | 'output' | 'activation' | 'workspace' | 'persistent';

/**
 * A region of the arena the program needs: one per non-constant tensor, except that views
 * (RESHAPE) share their source's buffer, plus one per kernel workspace. Alive from the start
 * of `firstStep` to the end of `lastStep` (schedule indices, inclusive).
 */
export interface ProgramBuffer {
  readonly id: number;
  readonly name: string;
  readonly bytes: number;
  readonly alignment: number;
  readonly firstStep: number;
  readonly lastStep: number;
  readonly kind: BufferKind;
  /** Tensors stored in this buffer (several when views alias it). */
  readonly tensors: readonly number[];
  /** Who reads or writes it besides the CPU (an offloaded region's `npu`): its pool must allow them. */
  readonly access: readonly PoolAccess[];
}

/**
 * The kernel chosen for one step, bound to its node: a kernel strategy's, or an offloaded
 * region's compiled form. Emission calls it directly; nothing is looked up again by name.
 */
export interface StepKernel {
  /** The strategy (or region kind) name: reports show it, the C function name ends with its last part. */
  readonly name: string;
  readonly backend: string;
  readonly workspaceBytes: number;
  /** Who besides the CPU touches the step's buffers (e.g. `npu`); empty for CPU kernels. */
  readonly access: readonly PoolAccess[];
  emit(ctx: KernelEmitContext): EmittedKernel;
  /** The strategy's variant, when a tuning log chose one; absent: its default. */
  readonly variant?: string;
  /** Whether a tuning log decided this step (`applied`) or named a choice no longer on offer (`stale`). */
  readonly tuning?: TuningUse;
  /** Present for a patch stage: the generator emits its body's kernels band by band instead of `emit`. */
  readonly stage?: StageLowering;
}

export type TuningUse = 'applied' | 'stale';

/** A patch stage's lowering: each body node's own kernel, run on bands laid out in the step's workspace. */
export interface StageLowering {
  readonly inner: readonly StepKernel[];
  readonly layout: BandLayout;
}

export interface ProgramStep {
  readonly nodeId: number;
  readonly op: OpType;
  /** Strategy that lowered the node, or `view` for an alias that needs no code. */
  readonly strategy: string;
  readonly backend: string;
  /** What emits the step's C; absent for a view. */
  readonly kernel?: StepKernel;
  /** Workspace buffer id, when the kernel needs scratch memory. */
  readonly workspace?: number;
}

/** The graph lowered for a target: what runs at each step and which buffers it touches. */
export interface Program {
  readonly graph: Graph;
  readonly target: string;
  /** Node ids in execution order; step i runs node schedule[i]. */
  readonly schedule: readonly number[];
  readonly steps: readonly ProgramStep[];
  readonly buffers: readonly ProgramBuffer[];
  /** Buffer of every non-constant tensor. */
  readonly tensorBuffer: ReadonlyMap<number, number>;
}
