import type { LowerBound, MemoryPlan } from '@anvil/core';
import type { CodeReport, NodeLowering } from './emit-model.js';

/** report.json: what lowered each node, which planner ran, the arena per pool and its bound. */
export interface CompileReport {
  readonly model: string;
  readonly target: string;
  readonly planner: string;
  readonly optimal: boolean;
  readonly arenaBytes: number;
  readonly lowerBound: number;
  /** arenaBytes − lowerBound, and the same as a percentage of the bound. */
  readonly distanceBytes: number;
  readonly distancePercent: number;
  readonly pools: ReadonlyArray<{ name: string; used: number; capacity: number | null; lowerBound: number }>;
  readonly weightBytes: number;
  /** `--code-size`: how the library kernels were instantiated, and their tables' bytes. */
  readonly code: CodeReport;
  readonly nodes: readonly NodeLowering[];
  readonly compileMs: number;
}

export function compileReport(
  model: string,
  target: string,
  plan: MemoryPlan,
  bound: LowerBound,
  lowering: readonly NodeLowering[],
  weightBytes: number,
  code: CodeReport,
  compileMs: number,
): CompileReport {
  const arenaBytes = plan.pools.reduce((s, p) => s + p.used, 0);
  const distance = arenaBytes - bound.bytes;
  return {
    model,
    target,
    planner: plan.planner,
    optimal: plan.optimal,
    arenaBytes,
    lowerBound: bound.bytes,
    distanceBytes: distance,
    distancePercent: bound.bytes === 0 ? 0 : Math.round((10000 * distance) / bound.bytes) / 100,
    pools: plan.pools.map((p) => ({
      name: p.name,
      used: p.used,
      capacity: Number.isFinite(p.capacity) ? p.capacity : null,
      lowerBound: bound.perPool.get(p.name) ?? 0,
    })),
    weightBytes,
    code,
    nodes: lowering,
    compileMs: Math.round(compileMs),
  };
}
