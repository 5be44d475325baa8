import { token } from '../extension/token.js';
import type { BufferRequest, PlanningProblem } from './problem.js';

/** Where a pin puts a tensor: anywhere in a pool, at a fixed offset, or outside the arena. */
export type PinTarget =
  | { readonly kind: 'pool'; readonly pool: string }
  | { readonly kind: 'offset'; readonly pool: string; readonly offset: number }
  /** A buffer the application already holds (a model input or output): out of the arena. */
  | { readonly kind: 'app' };

/** One user- or target-given constraint: tensors whose name matches `pattern` (a glob). */
export interface PinSpec {
  readonly pattern: string;
  readonly target: PinTarget;
}

export interface PinnedProblem {
  /** The problem planners see: pins set on the requests, application-owned buffers removed. */
  readonly problem: PlanningProblem;
  /** Buffers the application provides; the emitted code takes their pointers from it. */
  readonly appOwned: readonly BufferRequest[];
}

/** Applies pins before any planner runs, refusing conflicting pins with the numbers. */
export interface PinResolver {
  readonly name: string;
  resolve(problem: PlanningProblem, pins: readonly PinSpec[]): PinnedProblem;
}

export const PinResolverToken = token<PinResolver>('PinResolver');
