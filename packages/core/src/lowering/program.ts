import type { OpType } from '../ir/attributes.js';
import type { Graph } from '../ir/graph.js';

export type BufferKind = 'input' | 'output' | 'activation' | 'workspace';

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
}

export interface ProgramStep {
  readonly nodeId: number;
  readonly op: OpType;
  /** Strategy that lowered the node, or `view` for an alias that needs no code. */
  readonly strategy: string;
  readonly backend: string;
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
