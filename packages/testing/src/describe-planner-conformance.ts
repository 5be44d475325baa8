import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { MemoryPlanner } from '@anvil/core';
import { checkPlanners } from './check-planners.js';
import type { NamedProblem } from './planner-problems.js';
import { HAND_BUILT_PROBLEMS, randomPlanningProblems } from './planner-problems.js';

export interface PlannerConformanceOptions {
  /** Time limit per planner on the hand-built problems and `problems` (ms). Default 2000. */
  readonly timeLimitMs?: number;
  /** Random problems to check (default 40), their seed (default 20261125) and per-planner time limit (default 150 ms). */
  readonly runs?: number;
  readonly seed?: number;
  readonly randomTimeLimitMs?: number;
  /** More problems to check, e.g. ones from your own models (`prepare(graph, …).problem`). */
  readonly problems?: readonly NamedProblem[];
}

/**
 * Registers the planner conformance suite (vitest): the contract of `checkPlanners` on
 * hand-built problems (a chain, pins with two pools, over-aligned buffers), on `problems`,
 * and on random problems of up to 60 buffers. Give one planner to check it alone, or several
 * to also compare them (a plan claimed optimal is never beaten; warm-started planners never
 * lose to the others).
 *
 *     describePlannerConformance(myPlanner);
 */
export function describePlannerConformance(
  planners: MemoryPlanner | readonly MemoryPlanner[],
  options: PlannerConformanceOptions = {},
): void {
  const list: readonly MemoryPlanner[] = isPlanner(planners) ? [planners] : planners;
  const limit = { timeLimitMs: options.timeLimitMs ?? 2000 };
  const names = list.map((p) => p.name).join(', ');
  describe(`planner conformance: ${names}`, () => {
    for (const { title, problem } of [...HAND_BUILT_PROBLEMS, ...(options.problems ?? [])]) {
      it(title, () => {
        checkPlanners(list, problem, limit);
      });
    }
    it('random problems of up to 60 buffers, one or two pools, mixed alignments and pins', () => {
      fc.assert(
        fc.property(randomPlanningProblems, (problem) => {
          checkPlanners(list, problem, { timeLimitMs: options.randomTimeLimitMs ?? 150 });
        }),
        { numRuns: options.runs ?? 40, seed: options.seed ?? 20261125 },
      );
    }, 120_000);
  });
}

function isPlanner(p: MemoryPlanner | readonly MemoryPlanner[]): p is MemoryPlanner {
  return !Array.isArray(p);
}
