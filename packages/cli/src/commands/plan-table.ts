import type { PlanReport } from '../plan-report.js';
import { formatCount, formatTable } from '../format-table.js';
import { scheduleLine } from './compile-summary.js';

/** The budget verdict: which plans fit, or the minimum any plan needs and what sets it. */
function verdict(r: PlanReport): string[] {
  if (r.budget === undefined) return [];
  const ok = r.planners.filter((p) => p.fits === true).map((p) => p.planner);
  if (ok.length > 0) return [`fits ${formatCount(r.budget)} B: ${ok.join(', ')}`];
  const best = r.planners.filter((p) => p.error === undefined).sort((a, b) => a.totalBytes - b.totalBytes)[0];
  const peak = r.peakTensors.map((t) => `${t.name} (${formatCount(t.bytes)} B)`).join(', ');
  return [
    `no plan fits ${formatCount(r.budget)} B${best === undefined ? '' : `: the smallest, ${best.planner}, needs ${formatCount(best.totalBytes)} B`}`,
    `no plan can use less than ${formatCount(r.lowerBound)} B: at step ${r.peakStep} these are live together: ${peak}`,
  ];
}

/** The human `anvil plan` report: one row per planner against the lower bound. */
export function renderPlanReport(r: PlanReport): string {
  const poolNames = [...new Set(r.planners.flatMap((p) => p.pools.map((q) => q.name)))];
  const budget = r.budget !== undefined;
  const rows = r.planners.map((p) =>
    p.error !== undefined
      ? [p.planner, ...poolNames.map(() => ''), '', '', '', ...(budget ? ['no'] : []), 'does not fit the pools', '']
      : [
          p.planner,
          ...poolNames.map((n) => formatCount(p.pools.find((q) => q.name === n)?.used ?? 0)),
          formatCount(p.totalBytes),
          formatCount(p.distanceBytes),
          `${p.distancePercent}%`,
          ...(budget ? [p.fits === true ? 'yes' : 'no'] : []),
          p.optimal ? 'proven' : 'no',
          String(p.solveMs),
        ],
  );
  const header = [
    'planner',
    ...poolNames.map((n) => `${n} B`),
    'total B',
    'vs bound B',
    'vs bound',
    ...(budget ? ['fits'] : []),
    'optimal',
    'ms',
  ];
  const n = poolNames.length;
  const numeric = new Set([...poolNames.map((_, i) => i + 1), n + 1, n + 2, n + 3, header.length - 1]);
  const schedule = r.schedule === undefined ? [] : [scheduleLine(r.schedule)];
  const peak = r.peakTensors.map((t) => t.name).join(', ');
  return [
    `model ${r.model} → target ${r.target}: ${r.steps} steps, lower bound ${formatCount(r.lowerBound)} B (step ${r.peakStep}: ${peak})`,
    ...schedule,
    formatTable(header, rows, numeric),
    ...r.planners.filter((p) => p.proof !== undefined).map((p) => `${p.planner}: optimal — ${p.proof}`),
    `flash (weights): ${formatCount(r.flash.used)} B${r.flash.capacity === null ? '' : ` of ${formatCount(r.flash.capacity)}`}`,
    ...(r.appOwned.length > 0 ? [`application-owned (outside the arena): ${r.appOwned.join(', ')}`] : []),
    ...verdict(r),
  ].join('\n');
}
