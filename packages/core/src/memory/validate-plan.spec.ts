import { describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import { lowerBound } from './lower-bound.js';
import type { BufferRequest, MemoryPlan, Placement, PlanningProblem } from './problem.js';
import { validatePlan } from './validate-plan.js';

const buf = (id: number, bytes: number, firstStep: number, lastStep: number, extra: Partial<BufferRequest> = {}): BufferRequest => ({
  id,
  name: `b${id}`,
  bytes,
  alignment: 4,
  firstStep,
  lastStep,
  pools: ['sram'],
  ...extra,
});

// Steps 0..2: b0 (100 B) lives 0-1, b1 (60 B) 1-2, b2 (40 B) 2-2.
const problem: PlanningProblem = {
  pools: [{ name: 'sram', size: 1000, alignment: 16, access: ['cpu'] }],
  buffers: [buf(0, 100, 0, 1), buf(1, 60, 1, 2), buf(2, 40, 2, 2)],
  steps: 3,
};

const plan = (placements: Placement[], used: number): MemoryPlan => ({
  planner: 'hand',
  placements,
  pools: [{ name: 'sram', capacity: 1000, used }],
  optimal: false,
  solveMs: 0,
});

function problemWith(p: MemoryPlan, pb: PlanningProblem = problem): string {
  try {
    validatePlan(pb, p);
    return 'ok';
  } catch (e) {
    return e instanceof AnvilError ? e.message : String(e);
  }
}

describe('validatePlan', () => {
  it('accepts disjoint-lifetime reuse and computes used as the aligned high-water mark', () => {
    // b2 reuses b0's space: b0 dies after step 1, b2 is born at step 2. End 160 → 160 (16-aligned).
    const ok = plan(
      [
        { buffer: 0, pool: 'sram', offset: 0 },
        { buffer: 1, pool: 'sram', offset: 100 },
        { buffer: 2, pool: 'sram', offset: 0 },
      ],
      160,
    );
    expect(problemWith(ok)).toBe('ok');
  });

  it('rejects overlap of live buffers, misalignment, overflow, omissions, pins and wrong usage', () => {
    expect(
      problemWith(
        plan(
          [
            { buffer: 0, pool: 'sram', offset: 0 },
            { buffer: 1, pool: 'sram', offset: 96 },
            { buffer: 2, pool: 'sram', offset: 0 },
          ],
          160,
        ),
      ),
    ).toContain('overlap');
    expect(
      problemWith(
        plan(
          [
            { buffer: 0, pool: 'sram', offset: 2 },
            { buffer: 1, pool: 'sram', offset: 104 },
            { buffer: 2, pool: 'sram', offset: 200 },
          ],
          240,
        ),
      ),
    ).toContain('alignment');
    expect(
      problemWith(
        plan(
          [
            { buffer: 0, pool: 'sram', offset: 0 },
            { buffer: 1, pool: 'sram', offset: 100 },
            { buffer: 2, pool: 'sram', offset: 980 },
          ],
          1024,
        ),
      ),
    ).toContain('past pool');
    expect(
      problemWith(
        plan(
          [
            { buffer: 0, pool: 'sram', offset: 0 },
            { buffer: 1, pool: 'sram', offset: 100 },
          ],
          160,
        ),
      ),
    ).toContain('does not place b2');
    expect(
      problemWith(
        plan(
          [
            { buffer: 0, pool: 'sram', offset: 0 },
            { buffer: 1, pool: 'sram', offset: 100 },
            { buffer: 2, pool: 'sram', offset: 0 },
          ],
          176,
        ),
      ),
    ).toContain('reports 176');
    const pinned = { ...problem, buffers: [buf(0, 100, 0, 1, { pin: { pool: 'sram', offset: 200 } }), ...problem.buffers.slice(1)] };
    expect(
      problemWith(
        plan(
          [
            { buffer: 0, pool: 'sram', offset: 0 },
            { buffer: 1, pool: 'sram', offset: 100 },
            { buffer: 2, pool: 'sram', offset: 0 },
          ],
          160,
        ),
        pinned,
      ),
    ).toContain('pin');
  });
});

describe('lowerBound', () => {
  it('is the largest live sum and names the step and tensors that set it', () => {
    // step 0: 100; step 1: 160; step 2: 100 → peak 160 at step 1 from b0 and b1.
    const lb = lowerBound(problem);
    expect(lb.bytes).toBe(160);
    expect(lb.step).toBe(1);
    expect(lb.liveAtPeak).toEqual([0, 1]);
    expect(lb.perPool.get('sram')).toBe(160);
  });
  it('keeps model state alone in its pool and alive at every step', () => {
    // b0 scratch (steps 0-1) in sram; s1 state (40 B, every step) in persistent; both 0-2.
    const pools = [
      { name: 'sram', size: 1000, alignment: 16, access: ['cpu' as const] },
      { name: 'persistent', size: 1000, alignment: 16, access: ['cpu' as const] },
    ];
    const state = buf(1, 40, 0, 2, { pools: ['persistent', 'sram'], kind: 'persistent' });
    const pb: PlanningProblem = { pools, buffers: [buf(0, 100, 0, 1, { pools: ['sram', 'persistent'] }), state], steps: 3 };
    const twoPools = (placements: Placement[], sram: number, persistent: number): MemoryPlan => ({
      ...plan(placements, 0),
      pools: [
        { name: 'sram', capacity: 1000, used: sram },
        { name: 'persistent', capacity: 1000, used: persistent },
      ],
    });
    const ok = twoPools(
      [
        { buffer: 0, pool: 'sram', offset: 0 },
        { buffer: 1, pool: 'persistent', offset: 0 },
      ],
      112,
      48,
    );
    expect(problemWith(ok, pb)).toBe('ok');
    // Scratch beside the state, even where it does not overlap it, could be a run's bytes over it.
    const shared = twoPools(
      [
        { buffer: 0, pool: 'persistent', offset: 48 },
        { buffer: 1, pool: 'persistent', offset: 0 },
      ],
      0,
      160,
    );
    expect(problemWith(shared, pb)).toMatch(/puts b0 in pool persistent, which holds model state/);
    // State that is not alive at every step is not state a run can rely on.
    const partial: PlanningProblem = { ...pb, buffers: [pb.buffers[0] as BufferRequest, { ...state, firstStep: 1 }] };
    expect(problemWith(ok, partial)).toMatch(/state b1 is alive only at steps 1\.\.2/);
  });
});
