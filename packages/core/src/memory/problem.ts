/** Who may read and write a pool. */
export type PoolAccess = 'cpu' | 'npu' | 'dma';

/** A memory region the plan may place buffers in. */
export interface Pool {
  readonly name: string;
  /** Capacity in bytes; `Infinity` when the planner is asked how much it needs. */
  readonly size: number;
  /** Alignment of the pool's base address; offsets are relative to it. */
  readonly alignment: number;
  readonly access: readonly PoolAccess[];
}

/** A pin: a fixed pool (and optionally offset) decided before any planner runs. */
export interface Pin {
  readonly pool: string;
  readonly offset?: number;
}

/**
 * One buffer to place: alive from the start of step `firstStep` to the end of `lastStep`
 * (indices into the schedule), inclusive.
 */
export interface BufferRequest {
  readonly id: number;
  readonly name: string;
  readonly bytes: number;
  readonly alignment: number;
  readonly firstStep: number;
  readonly lastStep: number;
  /** Pools it may go to, in order of preference. */
  readonly pools: readonly string[];
  readonly pin?: Pin;
  /** What the buffer holds; only model inputs and outputs may be application-owned. */
  readonly kind?: 'input' | 'output' | 'activation' | 'workspace' | 'persistent';
  /** Names of the other tensors stored here (views), so pins can name any of them. */
  readonly aliases?: readonly string[];
}

export interface PlanningProblem {
  readonly pools: readonly Pool[];
  readonly buffers: readonly BufferRequest[];
  /** Number of schedule steps. */
  readonly steps: number;
}

export interface Placement {
  readonly buffer: number;
  readonly pool: string;
  readonly offset: number;
}

export interface PoolUsage {
  readonly name: string;
  readonly capacity: number;
  /** High-water mark: the largest offset + bytes placed in it, rounded up to its alignment. */
  readonly used: number;
}

export interface MemoryPlan {
  readonly planner: string;
  readonly placements: readonly Placement[];
  readonly pools: readonly PoolUsage[];
  /** True only when the planner proved no smaller plan exists. */
  readonly optimal: boolean;
  readonly solveMs: number;
  /** How optimality was shown (e.g. it equals the live-bytes lower bound, or the solver proved it). */
  readonly proof?: string;
  /** Bytes between this plan's total and the best bound the planner knows; 0 when optimal. */
  readonly gap?: number;
}

export function livesOverlap(a: Pick<BufferRequest, 'firstStep' | 'lastStep'>, b: Pick<BufferRequest, 'firstStep' | 'lastStep'>): boolean {
  return a.firstStep <= b.lastStep && b.firstStep <= a.lastStep;
}

export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
