import { describe, expect, it } from 'vitest';
import { planAuto, planInOrder, validatePlan } from '@anvil/core';
import type { BufferRequest, MemoryPlanner, PlanningProblem } from '@anvil/core';
import { highsSolver } from './highs-solver.js';
import { ilpPlanner, planIlp } from './ilp-planner.js';
import { lpSolver } from './lp-solver.js';
import type { MipSolver } from './mip.js';

const buf = (id: number, bytes: number, firstStep: number, lastStep: number, extra: Partial<BufferRequest> = {}): BufferRequest => ({
  id,
  name: `b${id}`,
  bytes,
  alignment: 16,
  firstStep,
  lastStep,
  pools: ['sram'],
  ...extra,
});
const sram = (alignment = 16, size = Number.POSITIVE_INFINITY) => ({ name: 'sram', size, alignment, access: ['cpu' as const] });

// The head of vww_96_int8: input 27,648 B (step 0), then 18,432 / 18,432 / 36,864 / 9,216.
// Largest first puts b3 at 0, b0 at 0, b1 above b0 (27,648) and b2 above b1: 64,512 B.
// The busiest step is 2 (b2 + b3 = 55,296); b3 at 0, b2 at 36,864, b1 at 0, b0 at 18,432
// and b4 at 36,864 reach it, so 55,296 is optimal.
const chain: PlanningProblem = {
  pools: [sram()],
  buffers: [buf(0, 27648, 0, 0), buf(1, 18432, 0, 1), buf(2, 18432, 1, 2), buf(3, 36864, 2, 3), buf(4, 9216, 3, 4)],
  steps: 5,
};

// Two 8-byte buffers alive together, each aligned to 16, in a pool aligned to 4: the second
// cannot start before 16, so 24 bytes; the live-bytes bound (16) is out of reach.
const aligned: PlanningProblem = {
  pools: [sram(4)],
  buffers: [buf(0, 8, 0, 0), buf(1, 8, 0, 0)],
  steps: 1,
};

const never: MipSolver = { name: 'never', solve: () => ({ status: 'unknown' }) };

describe('ilp planner', () => {
  it.each([
    ['javascript-lp-solver', lpSolver],
    ['HiGHS', highsSolver],
  ])('%s alone finds the 55,296-byte plan the greedy start misses, proven by the bound', (_, solver) => {
    const plan = planIlp(chain, { timeLimitMs: 5000 }, [{ solver, share: 1 }]);
    validatePlan(chain, plan);
    expect(plan.pools[0]?.used).toBe(55296);
    expect(plan.optimal).toBe(true);
    expect(plan.gap).toBe(0);
  });

  it.each([
    ['javascript-lp-solver', lpSolver],
    ['HiGHS', highsSolver],
  ])('%s proves a plan above the lower bound optimal when alignment forbids the bound', (name, solver) => {
    const plan = planIlp(aligned, { timeLimitMs: 5000 }, [{ solver, share: 1 }]);
    validatePlan(aligned, plan);
    expect(plan.pools[0]?.used).toBe(24);
    expect(plan.optimal).toBe(true);
    expect(plan.proof).toBe(`${name} proved no smaller plan exists`);
  });

  it('claims nothing when no solver finishes: best found, optimal false, gap to the bound', () => {
    const plan = planIlp(aligned, { timeLimitMs: 100 }, [{ solver: never, share: 1 }]);
    validatePlan(aligned, plan);
    expect(plan.pools[0]?.used).toBe(24);
    expect(plan.optimal).toBe(false);
    expect(plan.gap).toBe(8);
  });

  it('starts from a better warm start and keeps pins', () => {
    const pinned: PlanningProblem = {
      ...chain,
      buffers: chain.buffers.map((b) => (b.id === 4 ? { ...b, pin: { pool: 'sram', offset: 46080 } } : b)),
    };
    const plan = planIlp(pinned, { timeLimitMs: 5000 });
    validatePlan(pinned, plan);
    expect(plan.placements.find((p) => p.buffer === 4)?.offset).toBe(46080);
    expect(plan.pools[0]?.used).toBe(55296);
  });

  it('does not claim optimality when buffers could have gone to another pool and the bound is not met', () => {
    const two: PlanningProblem = {
      pools: [sram(4), { name: 'dtcm', size: 1024, alignment: 4, access: ['cpu'] }],
      buffers: aligned.buffers.map((b) => ({ ...b, pools: ['sram', 'dtcm'] })),
      steps: 1,
    };
    const plan = planIlp(two, { timeLimitMs: 2000 });
    validatePlan(two, plan);
    expect(plan.optimal).toBe(false);
  });
});

describe('ilp under auto (the default planner)', () => {
  // Largest-first first fit: the greedy-by-size plan, 64,512 B on the vww chain.
  const largestFirst: MemoryPlanner = {
    name: 'largest-first',
    plan: (p) =>
      planInOrder(
        'largest-first',
        p,
        [...p.buffers].sort((a, b) => b.bytes - a.bytes || a.id - b.id),
        performance.now(),
      ),
  };

  it('wins with its proven 55,296-B plan, warm-started from the 64,512-B heuristic plan, the same every run', () => {
    const runs = Array.from({ length: 3 }, () => planAuto([largestFirst, ilpPlanner], chain, undefined));
    for (const plan of runs) {
      validatePlan(chain, plan);
      expect(plan.planner).toBe('auto (ilp)');
      expect(plan.pools[0]?.used).toBe(55296);
      expect(plan.optimal).toBe(true);
      expect(plan.placements).toEqual(runs[0]?.placements);
    }
    expect(
      planInOrder(
        'x',
        chain,
        [...chain.buffers].sort((a, b) => b.bytes - a.bytes),
        0,
      ).pools[0]?.used,
    ).toBe(64512);
  });

  it('lends its proof when the heuristic plan is already optimal but above the bound', () => {
    const plan = planAuto([largestFirst, ilpPlanner], aligned, undefined);
    expect(plan.planner).toBe('auto (largest-first)');
    expect(plan.pools[0]?.used).toBe(24);
    expect(plan.optimal).toBe(true);
    expect(plan.proof).toMatch(/^ilp: .* proved no smaller plan exists$/);
  });

  it('keeps roughly to the time limit on a problem it cannot prove quickly', () => {
    // 30 buffers of odd sizes with staggered lifetimes: too many ordering binaries to prove in 300 ms.
    // The solvers look at their clock only between nodes, so the limit is approximate (see README).
    const many: PlanningProblem = {
      pools: [sram()],
      buffers: Array.from({ length: 30 }, (_, i) => buf(i, 16 * (1 + ((i * 37) % 23)), i % 17, (i % 17) + 1 + ((i * 7) % 9))),
      steps: 30,
    };
    const t0 = performance.now();
    const plan = planAuto([largestFirst, ilpPlanner], many, 300);
    const ms = performance.now() - t0;
    validatePlan(many, plan);
    expect(ms).toBeLessThan(2000);
    expect(plan.optimal).toBe(false);
    expect(plan.pools[0]!.used).toBeLessThanOrEqual(largestFirst.plan(many, {}).pools[0]!.used);
  });
});
