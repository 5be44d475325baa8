export { main } from './main.js';
export { wire, BUILTIN_PLUGINS } from './container.js';
export { compileGraph, findTarget } from './compile-model.js';
export type { Compiled, CompileOptions } from './compile-model.js';
export { writeArtifact } from './write-artifact.js';
