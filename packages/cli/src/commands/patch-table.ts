import { formatCount, formatTable } from '../format-table.js';
import type { PatchReport } from '../patch-report.js';

/** The memory/compute trade-off `--sram` searched: one row per point of the front, then what changed. */
export function renderPatchReport(r: PatchReport): string {
  const budget = r.budget !== undefined;
  const rows = r.candidates.map((c) => [
    c.chosen ? '*' : '',
    c.stages,
    formatCount(c.arenaBytes),
    formatCount(c.extraMacs),
    `${c.extraPercent}%`,
    ...(budget ? [c.fits === true ? 'yes' : 'no'] : []),
  ]);
  const header = ['', 'patch stages', 'arena B', 'extra MACs', 'extra', ...(budget ? ['fits'] : [])];
  return [
    `patch search: ${r.evaluated} candidates, ${r.candidates.length} on the front (arena against extra MACs of ${formatCount(r.macs)}; cost model: MACs)`,
    formatTable(header, rows, new Set([2, 3, 4])),
    r.changed,
  ].join('\n');
}
