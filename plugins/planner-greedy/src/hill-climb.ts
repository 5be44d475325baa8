import { planFloor } from '@anvil/core';
import type { BufferRequest, MemoryPlan, MemoryPlanner, PlannerOptions, PlanningProblem } from '@anvil/core';
import { placeInOrder, placedTotal } from '@anvil/core';
import { byConflictsOrder } from './greedy-by-conflicts.js';
import { bySizeOrder } from './greedy-by-size.js';
import { planInOrder } from '@anvil/core';
import { seededRandom } from './seeded-random.js';

/** Orders evaluated per restart, and restarts: a fixed budget so the plan never depends on the clock. */
const STEPS_PER_RESTART = 400;
const RESTARTS = 8;

function cost(problem: PlanningProblem, order: readonly BufferRequest[]): number {
  const r = placeInOrder(problem, order);
  return r.ok ? placedTotal(problem, r.placed) : Number.POSITIVE_INFINITY;
}

/** Moves the element at `from` to `to`: an insertion, which keeps most of a good order intact. */
function moved<T>(order: readonly T[], from: number, to: number): T[] {
  const next = [...order];
  const [x] = next.splice(from, 1);
  if (x !== undefined) next.splice(to, 0, x);
  return next;
}

/**
 * Local search over placement orders (first fit places each order): start from the better
 * greedy order, accept insertion moves that do not make the plan larger (so it can cross
 * plateaus), and restart from the best order shaken by a few random swaps. Seeded, with a
 * fixed budget: the same problem and seed always give the same plan.
 */
export function planHillClimb(problem: PlanningProblem, options: PlannerOptions = {}): MemoryPlan {
  const start = performance.now();
  const random = seededRandom(options.seed ?? 1);
  const floor = planFloor(problem);
  const deadline = options.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : start + options.timeLimitMs;
  const starts = [bySizeOrder(problem), byConflictsOrder(problem)].map((order) => ({ order, cost: cost(problem, order) }));
  let best = starts[1]!.cost < starts[0]!.cost ? starts[1]! : starts[0]!;
  const n = problem.buffers.length;
  for (let restart = 0; restart < RESTARTS && n > 1 && best.cost > floor; restart++) {
    let current = best;
    if (restart > 0) {
      let shaken = [...best.order];
      for (let k = 0; k < 1 + restart; k++) shaken = moved(shaken, random(n), random(n));
      current = { order: shaken, cost: cost(problem, shaken) };
    }
    for (let step = 0; step < STEPS_PER_RESTART && current.cost > floor && performance.now() < deadline; step++) {
      const order = moved(current.order, random(n), random(n));
      const c = cost(problem, order);
      if (c <= current.cost) current = { order, cost: c };
      if (current.cost < best.cost) best = current;
    }
  }
  return planInOrder('hill-climb', problem, best.order, start);
}

export const hillClimb: MemoryPlanner = {
  name: 'hill-climb',
  plan: (problem, options) => planHillClimb(problem, options),
};
