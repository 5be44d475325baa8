export { main } from './main.js';
export { planCommand } from './commands/plan.js';
export type { PlanOptions } from './commands/plan.js';
export type { PlanReport, PlannerRow } from './plan-report.js';
export { planHtml } from './plan-html.js';
export { memoryFlags, parseBytes, parsePool, parsePin } from './memory-options.js';
