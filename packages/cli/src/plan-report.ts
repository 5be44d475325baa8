import { lowerBound, planTotal } from '@anvil/core';
import type { BufferRequest, MemoryPlan, PlanningProblem, PoolUsage, ScheduleChoice } from '@anvil/core';

export interface PlanBufferRow {
  readonly name: string;
  readonly bytes: number;
  readonly firstStep: number;
  readonly lastStep: number;
  readonly pool: string;
  readonly offset: number;
}

export interface PoolRow {
  readonly name: string;
  /** null when unbounded. */
  readonly capacity: number | null;
  readonly used: number;
}

export interface PlannerRow {
  readonly planner: string;
  readonly optimal: boolean;
  readonly proof?: string;
  readonly solveMs: number;
  readonly totalBytes: number;
  readonly distanceBytes: number;
  readonly distancePercent: number;
  /** With a budget: whether the plan fits it. */
  readonly fits?: boolean;
  readonly pools: readonly PoolRow[];
  readonly buffers: readonly PlanBufferRow[];
  /** The planner could not fit the pools: its error instead of a plan. */
  readonly error?: string;
}

/** What `anvil plan --json` prints; steps index the schedule the plans are for. */
export interface PlanReport {
  readonly model: string;
  readonly target: string;
  readonly steps: number;
  readonly lowerBound: number;
  /** The step where the live bytes peak, and the tensors alive there (largest first). */
  readonly peakStep: number;
  readonly peakTensors: ReadonlyArray<{ readonly name: string; readonly bytes: number }>;
  readonly budget?: number;
  readonly schedule?: { readonly peakBefore: number; readonly peakAfter: number; readonly exact: boolean };
  readonly flash: PoolRow;
  /** Buffers the application owns (pinned to `app`): outside every pool. */
  readonly appOwned: readonly string[];
  readonly planners: readonly PlannerRow[];
}

const poolRow = (p: PoolUsage): PoolRow => ({ name: p.name, capacity: Number.isFinite(p.capacity) ? p.capacity : null, used: p.used });

function bufferRows(problem: PlanningProblem, plan: MemoryPlan): PlanBufferRow[] {
  const byId = new Map<number, BufferRequest>(problem.buffers.map((b) => [b.id, b]));
  return plan.placements.map((p) => {
    const b = byId.get(p.buffer);
    return {
      name: b?.name ?? String(p.buffer),
      bytes: b?.bytes ?? 0,
      firstStep: b?.firstStep ?? 0,
      lastStep: b?.lastStep ?? 0,
      pool: p.pool,
      offset: p.offset,
    };
  });
}

export interface PlanReportInput {
  readonly model: string;
  readonly target: string;
  readonly problem: PlanningProblem;
  readonly results: ReadonlyArray<{ readonly planner: string; readonly plan?: MemoryPlan; readonly error?: string }>;
  readonly flash: PoolUsage;
  readonly appOwned: readonly BufferRequest[];
  readonly budget?: number;
  readonly schedule?: ScheduleChoice;
}

/** Gathers every planner's plan against the one lower bound (and the budget, when given). */
export function planReport(i: PlanReportInput): PlanReport {
  const bound = lowerBound(i.problem);
  const byId = new Map(i.problem.buffers.map((b) => [b.id, b]));
  const planners = i.results.map((r): PlannerRow => {
    if (r.plan === undefined)
      return {
        planner: r.planner,
        optimal: false,
        solveMs: 0,
        totalBytes: 0,
        distanceBytes: 0,
        distancePercent: 0,
        pools: [],
        buffers: [],
        error: r.error ?? 'no plan',
      };
    const total = planTotal(r.plan);
    const distance = total - bound.bytes;
    return {
      planner: r.planner,
      optimal: r.plan.optimal,
      ...(r.plan.proof === undefined ? {} : { proof: r.plan.proof }),
      solveMs: Math.round(r.plan.solveMs * 10) / 10,
      totalBytes: total,
      distanceBytes: distance,
      distancePercent: bound.bytes === 0 ? 0 : Math.round((10000 * distance) / bound.bytes) / 100,
      ...(i.budget === undefined ? {} : { fits: total <= i.budget }),
      pools: r.plan.pools.map(poolRow),
      buffers: bufferRows(i.problem, r.plan),
    };
  });
  return {
    model: i.model,
    target: i.target,
    steps: i.problem.steps,
    lowerBound: bound.bytes,
    peakStep: bound.step,
    peakTensors: bound.liveAtPeak.map((id) => ({ name: byId.get(id)?.name ?? String(id), bytes: byId.get(id)?.bytes ?? 0 })),
    ...(i.budget === undefined ? {} : { budget: i.budget }),
    ...(i.schedule === undefined
      ? {}
      : { schedule: { peakBefore: i.schedule.peakBefore, peakAfter: i.schedule.peakAfter, exact: i.schedule.exact } }),
    flash: poolRow(i.flash),
    appOwned: i.appOwned.map((b) => b.name),
    planners,
  };
}
