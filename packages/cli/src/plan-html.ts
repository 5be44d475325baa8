import { formatBytes } from './plan-html-bytes.js';
import type { PlanPictureContext } from './plan-html-context.js';
import { jsonForScript, pictureData } from './plan-html-data.js';
import { inlinedLibraries } from './plan-html-libraries.js';
import { PAGE_SCRIPT } from './plan-html-script.js';
import type { PlanReport, PlannerRow } from './plan-report.js';
import type { PatchReport } from './patch-report.js';
import { patchCurveSection } from './plan-html-patch-curve.js';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font:14px system-ui,sans-serif;margin:1.5em 2em;color:#222;max-width:100%}
h2{margin-top:1.6em;border-bottom:1px solid #ddd}h3{margin:1em 0 .3em;font-size:15px}
.chart{overflow-x:auto}.chart svg{background:#fcfcfc;overflow:visible}
.note{color:#555;max-width:60em;overflow-wrap:anywhere}.error{color:#a00}`;

const chart = (kind: string, attrs = ''): string => `<div class="chart" data-kind="${kind}"${attrs}></div>`;

function plannerSection(row: PlannerRow, index: number): string {
  const title = `<h2>${escape(row.planner)}</h2>`;
  if (row.error !== undefined) return `<section>${title}<p class="error">${escape(row.error)}</p></section>`;
  const facts = `${formatBytes(row.totalBytes)}, ${formatBytes(row.distanceBytes)} (${row.distancePercent}%) above the lower bound${row.optimal ? ', proven optimal' : ''}${row.fits === undefined ? '' : row.fits ? ', fits the budget' : ', over the budget'}, ${row.solveMs} ms`;
  // A pool no buffer went to has nothing to draw (the bars show it empty).
  const pools = row.pools
    .filter((p) => row.buffers.some((b) => b.pool === p.name && b.bytes > 0))
    .map(
      (p) =>
        `<h3>${escape(p.name)}: ${formatBytes(p.used)}${p.capacity === null ? '' : ` of ${formatBytes(p.capacity)}`}</h3>${chart('placement', ` data-planner="${index}" data-pool="${escape(p.name)}"`)}`,
    );
  return `<section>${title}<p>${escape(facts)}</p>${pools.join('\n')}</section>`;
}

function npuSection(context: PlanPictureContext | undefined): string {
  const npu = context?.npu;
  if (npu === undefined) return '';
  const onNpu = npu.placements.filter((p) => p.unit === 'npu').length;
  const ops = npu.ops.length === 0 ? '' : `<h3>NPU cycles per offloaded operation (the offloader's estimate)</h3>${chart('npu-ops')}`;
  return `<section><h2>NPU placement (${escape(npu.config)})</h2>
<p class="note">${onNpu} of ${npu.placements.length} operators of the model run on the NPU; the number in a cell is the NPU region. Hover for the node and, for a CPU one, why the NPU does not take it.</p>
${chart('npu-nodes')}${ops}</section>`;
}

/**
 * One page that works offline from file://: the plan data as JSON, d3 and Observable Plot
 * inlined, and a small script that draws. `context` names the operator of each step and the
 * NPU partition; without it steps are numbered only and no NPU chart is drawn. `patches`
 * (with `--sram`) adds the search's memory/compute curve.
 */
export function planHtml(report: PlanReport, context?: PlanPictureContext, patches?: PatchReport): string {
  const data = pictureData(report, context);
  const peak = report.peakTensors.map((t) => `${t.name} (${formatBytes(t.bytes)})`).join(', ');
  const libraries = inlinedLibraries()
    .map((l) => `<script data-library="${escape(l.name)}" data-version="${escape(l.version)}">\n${l.source}\n</script>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(`anvil plan: ${report.model}`)}</title>
<style>${STYLE}</style>
</head><body>
<h1>${escape(report.model)}: memory plans for ${escape(report.target)}</h1>
<p class="note">${report.steps} steps. Lower bound ${formatBytes(report.lowerBound)} (the dashed red line): the bytes live at step ${report.peakStep}, ${escape(peak)}.${report.budget === undefined ? '' : ` Budget ${formatBytes(report.budget)} (the dotted blue line).`} Weights in flash: ${formatBytes(report.flash.used)}.</p>
<noscript><p class="error">The charts are drawn by the page's script: allow scripts to see them.</p></noscript>
<section><h2>Planners compared</h2>
<p class="note">Bytes per pool of each planner's plan, stacked; hover for the pool's capacity and the distance from the bound.</p>
${chart('planners')}</section>
<section><h2>Live bytes per step</h2>
<p class="note">The sum of the buffers alive at each step: no plan can use less than the highest bar.</p>
${chart('live')}</section>
${npuSection(context)}
${patches === undefined ? '' : patchCurveSection(patches)}
<p class="note">Below, each plan on one scale: a rectangle per buffer, across the steps it is alive, up at its offset and as tall as it is. One tensor has one colour in every plan. Hover for name, size, offset and lifetime.</p>
${report.planners.map(plannerSection).join('\n')}
<script type="application/json" id="plan-data">${jsonForScript(data)}</script>
${libraries}
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
