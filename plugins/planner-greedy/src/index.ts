import { MemoryPlannerToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { greedyBySize } from './greedy-by-size.js';

export { greedyBySize, planGreedyBySize } from './greedy-by-size.js';

export const plugin: AnvilPlugin = {
  name: '@anvil/planner-greedy',
  version: '0.1.0',
  register(container) {
    container.register(MemoryPlannerToken, { useValue: greedyBySize });
  },
};
