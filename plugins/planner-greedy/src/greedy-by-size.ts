import type { BufferRequest, MemoryPlan, MemoryPlanner, PlanningProblem } from '@anvil/core';
import { planInOrder } from '@anvil/core';

/** Largest first, ties by id: TensorFlow Lite Micro's default order. */
export function bySizeOrder(problem: PlanningProblem): BufferRequest[] {
  return [...problem.buffers].sort((a, b) => b.bytes - a.bytes || a.id - b.id);
}

/**
 * Greedy by size, as TensorFlow Lite Micro's default planner does it: largest buffer first
 * (ties by id), each at the lowest offset that clears every placed buffer it is alive with.
 * Pools are tried in each buffer's order of preference.
 */
export function planGreedyBySize(problem: PlanningProblem): MemoryPlan {
  return planInOrder('greedy-by-size', problem, bySizeOrder(problem), performance.now());
}

export const greedyBySize: MemoryPlanner = {
  name: 'greedy-by-size',
  plan: (problem) => planGreedyBySize(problem),
};
