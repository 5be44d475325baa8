import { TargetToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { RISCV_TARGETS } from './riscv-targets.js';

export { FEATURE_ZVE32X, PICOLIBC_INCLUDE, RISCV_COMMON_CFLAGS, RISCV_TARGETS } from './riscv-targets.js';

export const plugin: AnvilPlugin = {
  name: '@anvil/target-riscv',
  version: '0.1.0',
  register(container) {
    for (const t of RISCV_TARGETS) container.register(TargetToken, { useValue: t });
  },
};
