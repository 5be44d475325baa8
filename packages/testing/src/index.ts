export * from './shared-dir.js';
export * from './refs.js';
export * from './xorshift.js';
export * from './describe-shared.js';
