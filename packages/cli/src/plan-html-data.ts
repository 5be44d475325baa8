import type { ByteTick } from './plan-html-bytes.js';
import { byteTicks, formatBytes } from './plan-html-bytes.js';
import type { PlanPictureContext } from './plan-html-context.js';
import type { PlanReport, PlannerRow } from './plan-report.js';

/** One buffer of one plan: a rectangle from step `first` to the end of `last`, at its offset. */
export interface PictureRect {
  readonly planner: number;
  readonly pool: string;
  readonly name: string;
  readonly bytes: number;
  readonly offset: number;
  readonly first: number;
  readonly last: number;
  readonly color: string;
  readonly title: string;
}

/** One pool's share of one planner's total (the bars stack them). */
export interface PictureBar {
  readonly planner: string;
  readonly pool: string;
  readonly bytes: number;
  readonly title: string;
}

export interface PictureStep {
  readonly step: number;
  readonly label: string;
  readonly bytes: number;
  readonly unit: 'cpu' | 'npu';
  readonly title: string;
}

export interface PictureNpuNode {
  readonly label: string;
  readonly unit: 'npu' | 'cpu';
  readonly region: string;
  readonly title: string;
}

export interface PictureNpuOp {
  readonly label: string;
  readonly cycles: number;
  readonly bound: string;
  readonly title: string;
}

/**
 * Everything the page's script draws, computed here so the script only hands it to Plot: the
 * tick positions and labels, the titles and the colours are decided (and tested) in one place.
 */
export interface PictureData {
  readonly steps: number;
  readonly stepLabels: readonly string[];
  readonly lowerBound: number;
  readonly budget: number | null;
  /** Every planner's placement chart shares 0..arenaMax: the tallest pool of any plan. */
  readonly arenaMax: number;
  readonly arenaTicks: readonly ByteTick[];
  /** The bars and the live bytes share 0..totalMax (totals, the bound and the budget). */
  readonly totalMax: number;
  readonly totalTicks: readonly ByteTick[];
  readonly planners: readonly string[];
  readonly pools: readonly string[];
  readonly bars: readonly PictureBar[];
  readonly rects: readonly PictureRect[];
  readonly live: readonly PictureStep[];
  readonly npu: { readonly config: string; readonly nodes: readonly PictureNpuNode[]; readonly ops: readonly PictureNpuOp[] } | null;
  /** Chart geometry: wide enough for a label per step, with room below for them slanted. */
  readonly width: number;
  readonly stepMargin: number;
}

/** A stable colour per buffer name, so one tensor has one colour in every planner's picture. */
export function bufferColour(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360}, 60%, 62%)`;
}

const planned = (row: PlannerRow): boolean => row.error === undefined;

/** "3 CONV_2D" when the steps are known and match the report, else "step 3". */
function stepLabels(report: PlanReport, context: PlanPictureContext | undefined): string[] {
  const known = context !== undefined && context.steps.length === report.steps ? context.steps : undefined;
  return Array.from({ length: report.steps }, (_, i) => {
    const s = known?.[i];
    return s === undefined ? `step ${i}` : `${i} ${s.op}`;
  });
}

function rects(report: PlanReport, labels: readonly string[]): PictureRect[] {
  return report.planners.flatMap((row, planner) =>
    row.buffers
      .filter((b) => b.bytes > 0)
      .map((b) => ({
        planner,
        pool: b.pool,
        name: b.name,
        bytes: b.bytes,
        offset: b.offset,
        first: b.firstStep,
        last: b.lastStep,
        color: bufferColour(b.name),
        title: `${b.name}\n${formatBytes(b.bytes)} at offset ${b.offset.toLocaleString('en-US')} in ${b.pool}\nalive from ${labels[b.firstStep] ?? b.firstStep} to ${labels[b.lastStep] ?? b.lastStep}`,
      })),
  );
}

function bars(report: PlanReport): PictureBar[] {
  return report.planners.filter(planned).flatMap((row) =>
    row.pools.map((p) => ({
      planner: row.planner,
      pool: p.name,
      bytes: p.used,
      title: `${row.planner}: ${p.name} ${formatBytes(p.used)}${p.capacity === null ? '' : ` of ${formatBytes(p.capacity)}`}\ntotal ${formatBytes(row.totalBytes)}, ${formatBytes(row.distanceBytes)} (${row.distancePercent}%) above the lower bound`,
    })),
  );
}

/**
 * Bytes alive at each step: the sum of the buffers whose lifetime spans it. Every plan places
 * the same buffers, so the first plan's list serves; the lower bound is this peak aligned.
 */
function live(report: PlanReport, labels: readonly string[], context: PlanPictureContext | undefined): PictureStep[] {
  const buffers = report.planners.find(planned)?.buffers ?? [];
  const units = context !== undefined && context.steps.length === report.steps ? context.steps : undefined;
  return labels.map((label, step) => {
    const alive = buffers.filter((b) => b.firstStep <= step && step <= b.lastStep);
    const bytes = alive.reduce((s, b) => s + b.bytes, 0);
    const unit = units?.[step]?.unit ?? 'cpu';
    const node = units?.[step]?.node;
    return {
      step,
      label,
      bytes,
      unit,
      title: `${label}${node === undefined ? '' : ` (${node})`}${unit === 'npu' ? ' on the NPU' : ''}\n${formatBytes(bytes)} live in ${alive.length} buffer(s)`,
    };
  });
}

function npu(context: PlanPictureContext | undefined): PictureData['npu'] {
  const n = context?.npu;
  if (n === undefined) return null;
  return {
    config: n.config,
    nodes: n.placements.map((p) => ({
      label: `${p.node} ${p.op}`,
      unit: p.unit,
      region: p.region === undefined ? '' : String(p.region),
      title: `${p.node} ${p.op} ${p.name}\n${p.unit === 'npu' ? `NPU region ${p.region ?? ''}` : 'CPU'}${p.reason === undefined ? '' : `: ${p.reason}`}`,
    })),
    ops: n.ops.map((o) => ({
      label: `${o.region}: ${o.what}`,
      cycles: o.cycles,
      bound: o.bound,
      title: `region ${o.region}: ${o.what}\n${o.cycles.toLocaleString('en-US')} cycles, ${o.macs.toLocaleString('en-US')} MACs, bound by ${o.bound}`,
    })),
  };
}

export function pictureData(report: PlanReport, context?: PlanPictureContext): PictureData {
  const labels = stepLabels(report, context);
  const rows = report.planners.filter(planned);
  const arenaMax = Math.max(1, ...rows.flatMap((r) => r.pools.map((p) => p.used)));
  const liveSteps = live(report, labels, context);
  const totalMax = Math.max(1, report.lowerBound, report.budget ?? 0, ...rows.map((r) => r.totalBytes), ...liveSteps.map((s) => s.bytes));
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return {
    steps: report.steps,
    stepLabels: labels,
    lowerBound: report.lowerBound,
    budget: report.budget ?? null,
    arenaMax,
    arenaTicks: byteTicks(arenaMax),
    totalMax,
    totalTicks: byteTicks(totalMax),
    planners: rows.map((r) => r.planner),
    pools: [...new Set(rows.flatMap((r) => r.pools.map((p) => p.name)))],
    bars: bars(report),
    rects: rects(report, labels),
    live: liveSteps,
    npu: npu(context),
    width: Math.max(800, Math.min(4000, 120 + 26 * report.steps)),
    // A label slanted at 45° drops about 0.7 of its length (at ~6.5 px a character).
    stepMargin: Math.min(200, 30 + Math.ceil(longest * 4.6)),
  };
}

/** JSON for a `<script type="application/json">`: no `<` at all, so no `</script>` can end it early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
