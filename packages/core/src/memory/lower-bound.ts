import type { PlanningProblem } from './problem.js';

export interface LowerBound {
  /** Largest sum of simultaneously live bytes over all buffers. */
  readonly bytes: number;
  /** The schedule step where that peak is reached (the first such step). */
  readonly step: number;
  /** Buffers live at that step, largest first: what sets the peak. */
  readonly liveAtPeak: readonly number[];
  /** Per pool: the peak of the buffers that can only go to that pool. */
  readonly perPool: ReadonlyMap<string, number>;
}

function peak(problem: PlanningProblem, keep: (id: number) => boolean): { bytes: number; step: number } {
  const delta = new Array<number>(problem.steps + 1).fill(0);
  for (const b of problem.buffers) {
    if (!keep(b.id)) continue;
    delta[b.firstStep] = (delta[b.firstStep] ?? 0) + b.bytes;
    delta[b.lastStep + 1] = (delta[b.lastStep + 1] ?? 0) - b.bytes;
  }
  let live = 0;
  let best = { bytes: 0, step: 0 };
  for (let s = 0; s < problem.steps; s++) {
    live += delta[s] ?? 0;
    if (live > best.bytes) best = { bytes: live, step: s };
  }
  return best;
}

/**
 * No plan can use less than the live bytes at its busiest step: the bound every report
 * measures plans against. (Alignment padding can make it unreachable; it is still a bound.)
 */
export function lowerBound(problem: PlanningProblem): LowerBound {
  const all = peak(problem, () => true);
  const liveAtPeak = problem.buffers
    .filter((b) => b.firstStep <= all.step && all.step <= b.lastStep && b.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || a.id - b.id)
    .map((b) => b.id);
  const perPool = new Map<string, number>();
  for (const pool of problem.pools) {
    const only = new Set(problem.buffers.filter((b) => b.pools.length === 1 && b.pools[0] === pool.name).map((b) => b.id));
    perPool.set(pool.name, peak(problem, (id) => only.has(id)).bytes);
  }
  return { bytes: all.bytes, step: all.step, liveAtPeak, perPool };
}
