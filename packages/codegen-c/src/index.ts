import { KernelStrategyToken } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';
import { PORTABLE_STRATEGIES } from './portable-strategies.js';

export * from './c-text.js';
export * from './emit-model.js';
export * from './emit-artifact.js';
export * from './combine-artifacts.js';
export * from './compile-report.js';
export * from './project-files.js';
export * from './runtime-files.js';
export * from './io-helpers.js';
export * from './readme.js';
export { PORTABLE_STRATEGIES, PORTABLE_BACKEND } from './portable-strategies.js';

/** Registers the portable C kernels, the fallback every target has, like any plugin would. */
export const plugin: AnvilPlugin = {
  name: '@anvil/codegen-c',
  version: '0.1.0',
  register(container) {
    for (const s of PORTABLE_STRATEGIES) container.register(KernelStrategyToken, { useValue: s });
  },
};
// For target plugins that emit their own kernels with the same calling convention and tables.
export { activationInputs, kernelParams, operand, prototype } from './signature.js';
export { constantValues } from './weights.js';
export { windowParams } from './kernels/window-params.js';
export { addQuantParams } from './kernels/elementwise.js';
export { pool2dKernelParams } from './kernels/pool-2d.js';
export type { WindowWalk } from './kernels/window-params.js';
export {
  AVGPOOL_MAX_TAPS,
  addQuantizationExact,
  flatAddSize,
  flatAddSupported,
  maxWindowTaps,
  simdPoolSupported,
} from './kernels/simd-claims.js';
export type { PoolNode } from './kernels/simd-claims.js';
export { foldedBias, pointwiseInPlace } from './kernels/folded-bias.js';
export { emitLstm, lstmWorkspaceBytes } from './kernels/lstm.js';
export type { FoldOptions } from './kernels/folded-bias.js';
