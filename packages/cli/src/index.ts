// The command line only: compiling is core's `compile()` (through `@anvil/sdk`), not exported here.
export { main } from './main.js';
export type { PlanReport, PlannerRow } from './plan-report.js';
export { memoryFlags, parseBytes, parsePool, parsePin } from './memory-options.js';
