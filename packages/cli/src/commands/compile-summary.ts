import type { CodeReport, CompileReport } from '@anvil/codegen-c';
import { PERSISTENT_POOL } from '@anvil/core';
import type { ScheduleChoice } from '@anvil/core';
import { formatCount, formatTable } from '../format-table.js';

/** The human summary of a compile: per-node lowering, planner, arena per pool vs bound, flash. */
export function renderCompileSummary(r: CompileReport): string {
  const rows = r.nodes.map((n) => [
    String(n.step),
    n.op,
    n.variant === undefined ? n.strategy : `${n.strategy} (${n.variant})`,
    n.backend,
    n.instance ?? '',
    n.workspaceBytes > 0 ? formatCount(n.workspaceBytes) : '',
  ]);
  const pools = r.pools.map(
    (p) =>
      `  ${p.name}: ${formatCount(p.used)} B used${p.capacity === null ? '' : ` of ${formatCount(p.capacity)}`}${p.name === PERSISTENT_POOL ? ' (model state, kept between runs; static in the generated C)' : ''}`,
  );
  return [
    `model ${r.model} → target ${r.target}`,
    formatTable(['step', 'op', 'kernel', 'backend', 'instance', 'workspace B'], rows, new Set([0, 5])),
    '',
    `planner ${r.optimal ? (r.planner.endsWith(')') ? `${r.planner.slice(0, -1)}, proven optimal)` : `${r.planner} (proven optimal)`) : r.planner}: arena ${formatCount(r.arenaBytes)} B, lower bound ${formatCount(r.lowerBound)} B, distance ${formatCount(r.distanceBytes)} B (${r.distancePercent}%)`,
    ...pools,
    `flash (weights): ${formatCount(r.weightBytes)} B`,
    codeLine(r.code),
    ...tuningLine(r),
    `compile time: ${r.compileMs} ms`,
  ].join('\n');
}

/** What `--reorder` did to the peak of live bytes. */
export function scheduleLine(s: Pick<ScheduleChoice, 'peakBefore' | 'peakAfter' | 'exact'>): string {
  const how = s.exact ? 'exact search' : 'greedy search';
  return s.peakAfter < s.peakBefore
    ? `reorder (${how}): peak live bytes ${formatCount(s.peakBefore)} → ${formatCount(s.peakAfter)} B`
    : `reorder (${how}): the stored order already has the lowest peak found (${formatCount(s.peakBefore)} B)`;
}

/** What `--code-size` chose: specialised functions against shared instances, and the tables' flash. */
export function codeLine(c: CodeReport): string {
  const shared = c.sharedKernels.length === 0 ? '' : ` (${c.sharedKernels.join(', ')})`;
  return `code size ${c.codeSize}: ${c.specialisedFunctions} specialised function(s) for ${c.specialisedCalls} call(s), ${c.sharedCalls} call(s) to ${c.sharedKernels.length} shared kernel(s)${shared}; kernel tables ${formatCount(c.tableBytes)} B`;
}

/** With `--tuning-log`: how many steps the log decided, and which of its entries no longer applied. */
export function tuningLine(r: Pick<CompileReport, 'nodes'>): string[] {
  const applied = r.nodes.filter((n) => n.tuning === 'applied').length;
  const stale = r.nodes.filter((n) => n.tuning === 'stale');
  if (applied === 0 && stale.length === 0) return [];
  const staleText =
    stale.length === 0
      ? ''
      : `; ${stale.length} step(s) kept the default kernel because the log's choice is no longer offered (steps ${stale.map((n) => n.step).join(', ')}): run anvil tune again`;
  return [`tuning log: ${applied} step(s) use the kernel it chose${staleText}`];
}
