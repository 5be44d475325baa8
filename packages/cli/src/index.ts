export { main } from './main.js';
export { wire, BUILTIN_PLUGINS } from './container.js';
