import { describe, expect, it } from 'vitest';
import { isAnvilError } from '../errors/anvil-error.js';
import { AUTO_TIME_LIMIT_MS, planAuto, withAuto } from './auto-planner.js';
import { buildPlan } from './build-plan.js';
import type { MemoryPlanner, PlannerOptions } from './memory-planner.js';
import { planInOrder } from './plan-in-order.js';
import type { BufferRequest, MemoryPlan, Placement, PlanningProblem } from './problem.js';
import { planWith, runPlanners } from './run-planners.js';

const buf = (id: number, bytes: number, firstStep: number, lastStep: number): BufferRequest => ({
  id,
  name: `b${id}`,
  bytes,
  alignment: 1,
  firstStep,
  lastStep,
  pools: ['sram'],
});

// a (100 B, steps 0–1), b (50 B, 1–2), c (100 B, 2–3): the peak is 150 B (a+b, then b+c).
// c may share a's bytes; plans at 300, 250 and 150 B (the last reaches the bound).
const problem: PlanningProblem = {
  pools: [{ name: 'sram', size: Number.POSITIVE_INFINITY, alignment: 1, access: ['cpu'] }],
  buffers: [buf(0, 100, 0, 1), buf(1, 50, 1, 2), buf(2, 100, 2, 3)],
  steps: 4,
};
const at = (cOffset: number): Placement[] => [
  { buffer: 0, pool: 'sram', offset: 0 },
  { buffer: 1, pool: 'sram', offset: 100 },
  { buffer: 2, pool: 'sram', offset: cOffset },
];

interface Spy extends MemoryPlanner {
  readonly calls: PlannerOptions[];
}

/** A planner that always returns the plan with c at `cOffset`, recording what it was given. */
function fixed(name: string, cOffset: number, extra: Partial<MemoryPlan> = {}, usesWarmStart = false): Spy {
  const calls: PlannerOptions[] = [];
  return {
    name,
    calls,
    ...(usesWarmStart ? { usesWarmStart: true } : {}),
    plan: (p, options) => {
      calls.push(options);
      return { ...buildPlan(name, p, at(cOffset), performance.now()), ...extra };
    },
  };
}

/** A searcher (takes a warm start, like ilp) whose plan has c at `cOffset`. */
const search = (cOffset: number, extra: Partial<MemoryPlan> = {}): Spy => fixed('ilp', cOffset, extra, true);

const total = (plan: MemoryPlan): number => plan.pools.reduce((s, p) => s + p.used, 0);

describe('auto planner', () => {
  it('keeps the smallest heuristic plan (the first registered on a tie) and says which planner won', () => {
    const plan = planAuto([fixed('big', 200), fixed('mid', 150), fixed('mid-too', 150)], problem, undefined);
    expect(total(plan)).toBe(250);
    expect(plan.planner).toBe('auto (mid)');
    expect(plan.optimal).toBe(false);
    expect(plan.gap).toBe(100);
  });

  it('then runs the searcher (ilp) from the best heuristic plan within 1 s, and takes its plan when smaller', () => {
    const heuristics = [fixed('big', 200), fixed('mid', 150)];
    const ilp = search(0, { proof: 'solver proved it' });
    const plan = planAuto([...heuristics, ilp], problem, undefined);
    expect(total(plan)).toBe(150);
    expect(plan.planner).toBe('auto (ilp)');
    expect(plan.optimal).toBe(true);
    expect(plan.proof).toBe('ilp: solver proved it');
    expect(ilp.calls).toHaveLength(1);
    expect(total(ilp.calls[0]!.warmStart!)).toBe(250);
    expect(ilp.calls[0]!.warmStart!.planner).toBe('mid');
    expect(ilp.calls[0]!.timeLimitMs).toBeLessThanOrEqual(AUTO_TIME_LIMIT_MS);
    expect(ilp.calls[0]!.timeLimitMs).toBeGreaterThan(AUTO_TIME_LIMIT_MS - 100);
    // Heuristics run without a time limit: their fixed budgets keep them clock-independent.
    expect(heuristics.every((h) => h.calls.every((c) => c.timeLimitMs === undefined && c.seed === 1))).toBe(true);
  });

  it('gives the searcher the time limit it is given', () => {
    const ilp = search(0);
    planAuto([fixed('mid', 150), ilp], problem, 250);
    expect(ilp.calls[0]!.timeLimitMs).toBeLessThanOrEqual(250);
    expect(ilp.calls[0]!.timeLimitMs).toBeGreaterThan(150);
  });

  it('keeps the heuristic plan when the searcher finds none smaller, with the searcher’s proof when it proves it', () => {
    const unproven = planAuto([fixed('mid', 150), search(150)], problem, undefined);
    expect(unproven.planner).toBe('auto (mid)');
    expect(unproven.optimal).toBe(false);
    const proven = planAuto(
      [fixed('mid', 150), search(150, { optimal: true, gap: 0, proof: 'HiGHS proved no smaller plan exists' })],
      problem,
      undefined,
    );
    expect(proven.planner).toBe('auto (mid)');
    expect(total(proven)).toBe(250);
    expect(proven.optimal).toBe(true);
    expect(proven.gap).toBe(0);
    expect(proven.proof).toBe('ilp: HiGHS proved no smaller plan exists');
  });

  it('works without a searcher, and skips the rest once a plan reaches the lower bound', () => {
    expect(planAuto([fixed('big', 200), fixed('mid', 150)], problem, undefined).planner).toBe('auto (mid)');
    const later = fixed('later', 150);
    const ilp = search(0);
    const plan = planAuto([fixed('best', 0), later, ilp], problem, undefined);
    expect(plan.planner).toBe('auto (best)');
    expect(plan.optimal).toBe(true);
    expect(plan.proof).toBe('best: reaches the lower bound (peak live bytes, aligned up to the pool)');
    expect(later.calls).toHaveLength(0);
    expect(ilp.calls).toHaveLength(0);
  });

  it('is deterministic: the same plan every run', () => {
    const run = (): MemoryPlan => ({ ...planAuto([fixed('big', 200), fixed('mid', 150), search(0)], problem, undefined), solveMs: 0 });
    const first = run();
    for (let i = 0; i < 5; i++) expect(run()).toEqual(first);
  });

  it('fails as the first planner would when no planner fits the pools', () => {
    const tight: PlanningProblem = { ...problem, pools: [{ ...problem.pools[0]!, size: 100 }] };
    const firstFit: MemoryPlanner = { name: 'first-fit', plan: (p) => planInOrder('first-fit', p, p.buffers, performance.now()) };
    let error: unknown;
    try {
      planAuto([firstFit], tight, undefined);
    } catch (e) {
      error = e;
    }
    expect(isAnvilError(error) && error.code).toBe('PLAN_DOES_NOT_FIT');
  });

  it('is what planWith runs for `auto`, and an unknown name lists auto among the planners', () => {
    const plan = planWith([fixed('big', 200), fixed('mid', 150), search(0)], 'auto', problem, undefined);
    expect(plan.planner).toBe('auto (ilp)');
    expect(() => planWith([fixed('mid', 150)], 'nope', problem, undefined)).toThrow(/nope/);
    try {
      planWith([fixed('mid', 150)], 'nope', problem, undefined);
    } catch (e) {
      expect(isAnvilError(e) && e.hint).toBe('known planners: mid, auto');
    }
  });

  it('runPlanners lists auto after the others and chooses it from their plans without running them again', () => {
    const big = fixed('big', 200);
    const ilp = search(0);
    const all = withAuto([big, fixed('mid', 150), ilp]);
    expect(all.map((p) => p.name)).toEqual(['big', 'mid', 'ilp', 'auto']);
    const results = runPlanners(all, problem, 5000);
    expect(results.map((r) => r.planner)).toEqual(['big', 'mid', 'ilp', 'auto']);
    expect(results[3]?.plan?.planner).toBe('auto (ilp)');
    expect(total(results[3]!.plan!)).toBe(150);
    expect(big.calls).toHaveLength(1);
    expect(ilp.calls).toHaveLength(1);
    // Alone, auto runs its planners itself, with the time limit given.
    const alone = runPlanners([all[3]!], problem, 300);
    expect(alone[0]?.plan?.planner).toBe('auto (ilp)');
    expect(ilp.calls[1]!.timeLimitMs).toBeLessThanOrEqual(300);
  });
});
