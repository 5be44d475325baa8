export * from './shared-dir.js';
export * from './refs.js';
export * from './xorshift.js';
