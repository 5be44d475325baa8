export { interpret, interpretAll } from './interpret.js';
export type { InterpretOptions } from './interpret.js';
export { executeNode } from './execute-node.js';
export type { ReadTensor } from './execute-node.js';
export * from './tensor-bytes.js';
export * from './fixed-point/index.js';
export * from './params/index.js';
export * from './kernels/index.js';
