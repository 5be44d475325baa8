import { formatBytes } from './plan-html-bytes.js';
import type { PatchReport } from './patch-report.js';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const W = 640;
const H = 320;
const PAD = { left: 70, right: 20, top: 16, bottom: 44 };

/**
 * The `--sram` trade-off as a curve: arena bytes against extra MACs, one point per candidate
 * of the search's front, the chosen one filled, the budget a dotted line. Plain SVG drawn
 * here (no script): the page shows it even where scripts are off.
 */
export function patchCurveSection(r: PatchReport): string {
  const pts = r.candidates;
  const maxX = Math.max(1, ...pts.map((p) => p.extraPercent));
  const maxY = Math.max(1, ...pts.map((p) => p.arenaBytes), r.budget ?? 0);
  const x = (v: number): number => PAD.left + (v / maxX) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - (v / maxY) * (H - PAD.top - PAD.bottom);
  const line = pts
    .slice()
    .sort((a, b) => a.extraPercent - b.extraPercent)
    .map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.extraPercent).toFixed(1)},${y(p.arenaBytes).toFixed(1)}`)
    .join(' ');
  const dots = pts
    .map(
      (p) =>
        `<circle data-kind="patch-point" cx="${x(p.extraPercent).toFixed(1)}" cy="${y(p.arenaBytes).toFixed(1)}" r="${p.chosen ? 6 : 4}" fill="${p.chosen ? '#1f77b4' : '#fff'}" stroke="#1f77b4"><title>${escape(`${p.stages}: ${formatBytes(p.arenaBytes)}, +${p.extraPercent}% MACs`)}</title></circle>`,
    )
    .join('');
  const budget =
    r.budget === undefined
      ? ''
      : `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(r.budget).toFixed(1)}" y2="${y(r.budget).toFixed(1)}" stroke="#1f4fb4" stroke-dasharray="2,3"/>`;
  const axes = `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#444"/><line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#444"/>
<text x="${(W + PAD.left) / 2}" y="${H - 8}" text-anchor="middle">extra MACs (0 … ${maxX}%)</text>
<text x="14" y="${(H - PAD.bottom + PAD.top) / 2}" transform="rotate(-90 14 ${(H - PAD.bottom + PAD.top) / 2})" text-anchor="middle">arena (0 … ${escape(formatBytes(maxY))})</text>`;
  return `<section><h2>Memory against compute (patch stages)</h2>
<p class="note">${escape(r.changed)}. One point per candidate on the search's front (${r.candidates.length} of ${r.evaluated} evaluated); the filled one is chosen${r.budget === undefined ? '' : ', the dotted line is the budget'}. Extra compute is counted in MACs.</p>
<div class="chart"><svg data-kind="patch-curve" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${axes}${budget}<path d="${line}" fill="none" stroke="#9ab"/>${dots}</svg></div></section>`;
}
