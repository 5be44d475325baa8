import { RunnerToken, TargetToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { hostRunner } from './host-runner.js';
import { hostTarget } from './host-target.js';

export { hostTarget, HOST_CFLAGS, SANITIZE_FLAGS } from './host-target.js';
export { hostRunner, buildHost } from './host-runner.js';
export { hostDriver } from './host-driver.js';

export const plugin: AnvilPlugin = {
  name: '@anvil/target-host',
  version: '0.1.0',
  register(container) {
    container.register(TargetToken, { useValue: hostTarget });
    container.register(RunnerToken, { useValue: hostRunner });
  },
};
