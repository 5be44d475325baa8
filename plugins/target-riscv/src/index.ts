import { KernelStrategyToken, TargetToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { RISCV_TARGETS } from './riscv-targets.js';
import { RISCV_RVV_STRATEGIES } from './rvv/strategies.js';
import { RISCV_SCALAR_STRATEGIES } from './scalar/strategies.js';

export { FEATURE_ZVE32X, PICOLIBC_INCLUDE, RISCV_COMMON_CFLAGS, RISCV_TARGETS } from './riscv-targets.js';
export { RISCV_RVV_STRATEGIES } from './rvv/strategies.js';
export { RISCV_SCALAR_STRATEGIES } from './scalar/strategies.js';

export const plugin: AnvilPlugin = {
  name: '@anvil/target-riscv',
  version: '0.1.0',
  register(container) {
    for (const t of RISCV_TARGETS) container.register(TargetToken, { useValue: t });
    for (const s of [...RISCV_SCALAR_STRATEGIES, ...RISCV_RVV_STRATEGIES]) container.register(KernelStrategyToken, { useValue: s });
  },
};
