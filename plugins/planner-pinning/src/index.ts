import { PinResolverToken } from '@anvil/core';
import type { AnvilPlugin, PinResolver } from '@anvil/core';
import { applyPins } from './apply-pins.js';

export { applyPins } from './apply-pins.js';
export { globMatcher } from './glob.js';

export const pinResolver: PinResolver = { name: 'pinning', resolve: applyPins };

export const plugin: AnvilPlugin = {
  name: '@anvil/planner-pinning',
  version: '0.1.0',
  register(container) {
    container.register(PinResolverToken, { useValue: pinResolver });
  },
};
