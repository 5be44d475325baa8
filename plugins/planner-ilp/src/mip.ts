/** A solver-neutral mixed-integer program: what the model builder writes and each solver adapter reads. */
export interface MipVariable {
  readonly name: string;
  readonly kind: 'continuous' | 'integer' | 'binary';
  readonly lower: number;
  readonly upper: number;
}

export interface MipConstraint {
  readonly name: string;
  readonly terms: ReadonlyArray<readonly [variable: string, coefficient: number]>;
  readonly max?: number;
  readonly min?: number;
}

export interface Mip {
  /** Minimised. */
  readonly objective: string;
  readonly variables: readonly MipVariable[];
  readonly constraints: readonly MipConstraint[];
}

export type MipOutcome =
  /** An integral solution; `proven` when the solver finished its search (it is then optimal). */
  | { readonly status: 'solved'; readonly values: ReadonlyMap<string, number>; readonly proven: boolean }
  /** The solver finished and showed no solution exists. */
  | { readonly status: 'infeasible' }
  /** The time ran out before any solution or proof. */
  | { readonly status: 'unknown' };

export interface MipSolver {
  readonly name: string;
  solve(mip: Mip, timeLimitMs: number): MipOutcome;
}
