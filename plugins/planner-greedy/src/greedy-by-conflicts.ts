import { livesOverlap } from '@anvil/core';
import type { BufferRequest, MemoryPlan, MemoryPlanner, PlanningProblem } from '@anvil/core';
import { planInOrder } from '@anvil/core';

/**
 * Most constrained first: by the bytes of the buffers each one is alive with (its own
 * included), then by size, then by id. A buffer at a crowded step has the fewest free
 * offsets, so it chooses before the buffers that could go almost anywhere.
 */
export function byConflictsOrder(problem: PlanningProblem): BufferRequest[] {
  const pressure = new Map<number, number>();
  for (const a of problem.buffers) {
    let sum = 0;
    for (const b of problem.buffers) if (livesOverlap(a, b)) sum += b.bytes;
    pressure.set(a.id, sum);
  }
  return [...problem.buffers].sort((a, b) => (pressure.get(b.id) ?? 0) - (pressure.get(a.id) ?? 0) || b.bytes - a.bytes || a.id - b.id);
}

export function planGreedyByConflicts(problem: PlanningProblem): MemoryPlan {
  return planInOrder('greedy-by-conflicts', problem, byConflictsOrder(problem), performance.now());
}

export const greedyByConflicts: MemoryPlanner = {
  name: 'greedy-by-conflicts',
  plan: (problem) => planGreedyByConflicts(problem),
};
