import type { PlanReport, PlannerRow } from './plan-report.js';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A stable colour per buffer name, so one tensor has one colour in every planner's picture. */
function colour(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360} 60% 62%)`;
}

const WIDTH = 900;
const HEIGHT = 320;
const MARGIN = { left: 70, right: 10, top: 10, bottom: 30 };

/** One pool of one plan: offset (up) against step (across), a rectangle per buffer with a hover title. */
function poolPicture(report: PlanReport, row: PlannerRow, pool: string): string {
  const buffers = row.buffers.filter((b) => b.pool === pool && b.bytes > 0);
  const used = row.pools.find((p) => p.name === pool)?.used ?? 0;
  const top = Math.max(used, report.lowerBound, 1);
  const w = WIDTH - MARGIN.left - MARGIN.right;
  const h = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (step: number): number => MARGIN.left + (w * step) / Math.max(1, report.steps);
  const y = (offset: number): number => MARGIN.top + h - (h * offset) / top;
  const rects = buffers.map((b) => {
    const tip = `${b.name}\n${b.bytes.toLocaleString('en-US')} B at offset ${b.offset.toLocaleString('en-US')}\nalive steps ${b.firstStep}–${b.lastStep}`;
    return `<rect x="${x(b.firstStep).toFixed(1)}" y="${y(b.offset + b.bytes).toFixed(1)}" width="${(x(b.lastStep + 1) - x(b.firstStep)).toFixed(1)}" height="${Math.max(0.5, y(b.offset) - y(b.offset + b.bytes)).toFixed(1)}" fill="${colour(b.name)}" stroke="#333" stroke-width="0.5"><title>${escape(tip)}</title></rect>`;
  });
  const bound = `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(report.lowerBound).toFixed(1)}" y2="${y(report.lowerBound).toFixed(1)}" stroke="#c00" stroke-dasharray="4 3"><title>lower bound ${report.lowerBound.toLocaleString('en-US')} B</title></line>`;
  const axes = [
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + h}" stroke="#000"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + h}" x2="${WIDTH - MARGIN.right}" y2="${MARGIN.top + h}" stroke="#000"/>`,
    `<text x="${MARGIN.left - 4}" y="${MARGIN.top + 10}" text-anchor="end">${top.toLocaleString('en-US')}</text>`,
    `<text x="${MARGIN.left - 4}" y="${MARGIN.top + h}" text-anchor="end">0</text>`,
    `<text x="${MARGIN.left + w / 2}" y="${HEIGHT - 6}" text-anchor="middle">execution step (0–${report.steps - 1})</text>`,
  ];
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escape(`${row.planner} ${pool}`)}">${[...axes, ...rects, bound].join('')}</svg>`;
}

function section(report: PlanReport, row: PlannerRow): string {
  if (row.error !== undefined) return `<section><h2>${escape(row.planner)}</h2><p>${escape(row.error)}</p></section>`;
  const facts = `${row.totalBytes.toLocaleString('en-US')} B, ${row.distanceBytes.toLocaleString('en-US')} B (${row.distancePercent}%) above the lower bound${row.optimal ? ', proven optimal' : ''}, ${row.solveMs} ms`;
  const pools = row.pools
    .filter((p) => p.used > 0)
    .map(
      (p) =>
        `<h3>${escape(p.name)}: ${p.used.toLocaleString('en-US')} B${p.capacity === null ? '' : ` of ${p.capacity.toLocaleString('en-US')}`}</h3>${poolPicture(report, row, p.name)}`,
    );
  return `<section><h2>${escape(row.planner)}</h2><p>${escape(facts)}</p>${pools.join('')}</section>`;
}

/** One self-contained page (no scripts, no external files): the arena of each plan, hover for details. */
export function planHtml(report: PlanReport): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(`anvil plan: ${report.model}`)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}svg{background:#fafafa;border:1px solid #ddd}text{font-size:11px}rect:hover{stroke:#000;stroke-width:2}</style>
</head><body>
<h1>${escape(report.model)}: memory plans</h1>
<p>Lower bound ${report.lowerBound.toLocaleString('en-US')} B (dashed red line): the live bytes at step ${report.peakStep}. Each rectangle is a buffer: across, the steps it is alive; up, its offset and size. Hover for name, size and lifetime.</p>
${report.planners.map((row) => section(report, row)).join('\n')}
</body></html>
`;
}
