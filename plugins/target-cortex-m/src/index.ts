import { KernelStrategyToken, TargetToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { CORTEX_M_TARGETS } from './cortex-m-targets.js';
import { CORTEX_M_STRATEGIES } from './strategies.js';

export { CORTEX_M_TARGETS, CORTEX_M_COMMON_CFLAGS, FEATURE_DSP, FEATURE_FPU, FEATURE_MVE } from './cortex-m-targets.js';
export { CORTEX_M_STRATEGIES } from './strategies.js';

export const plugin: AnvilPlugin = {
  name: '@anvil/target-cortex-m',
  version: '0.1.0',
  register(container) {
    for (const t of CORTEX_M_TARGETS) container.register(TargetToken, { useValue: t });
    for (const s of CORTEX_M_STRATEGIES) container.register(KernelStrategyToken, { useValue: s });
  },
};
