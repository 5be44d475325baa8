import { MemoryPlannerToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { greedyByConflicts } from './greedy-by-conflicts.js';
import { greedyBySize } from './greedy-by-size.js';
import { hillClimb } from './hill-climb.js';

export { greedyBySize, planGreedyBySize, bySizeOrder } from './greedy-by-size.js';
export { greedyByConflicts, planGreedyByConflicts, byConflictsOrder } from './greedy-by-conflicts.js';
export { hillClimb, planHillClimb } from './hill-climb.js';

export const plugin: AnvilPlugin = {
  name: '@anvil/planner-greedy',
  version: '0.1.0',
  register(container) {
    container.register(MemoryPlannerToken, { useValue: greedyBySize });
    container.register(MemoryPlannerToken, { useValue: greedyByConflicts });
    container.register(MemoryPlannerToken, { useValue: hillClimb });
  },
};
