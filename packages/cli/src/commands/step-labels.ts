import type { CompileOptions, Graph } from '@anvil/core';

/** The planners whose time is bounded by `--time-limit` (the searching ones), and auto, which runs ilp. */
const SEARCHING = new Set(['ilp', 'auto']);

/** Whether any of these planners searches until its time limit. */
export const searches = (planners: readonly string[]): boolean => planners.some((p) => SEARCHING.has(p));

/** `ilp, time limit 1.0 s`: what a planner step may take. auto gives ilp 1 s when no limit is set. */
export function plannerText(planners: readonly string[], timeLimitMs: number | undefined): string {
  const names = planners.join(', ');
  if (!searches(planners)) return names;
  const limit = timeLimitMs ?? (planners.includes('auto') ? 1000 : undefined);
  return limit === undefined ? names : `${names}, time limit ${limit % 1000 === 0 ? `${limit / 1000} s` : `${limit} ms`}`;
}

export const compileLabel = (graph: Graph, o: CompileOptions): string =>
  `compiling ${graph.name} for ${o.target} (planner ${plannerText([o.planner ?? 'auto'], o.timeLimitMs)})`;
