import { describe, expect, it } from 'vitest';
import type { AnvilError } from '../errors/anvil-error.js';
import { checkBudget } from './check-budget.js';
import type { BufferRequest, PlanningProblem } from './problem.js';

const buf = (id: number, bytes: number, firstStep: number, lastStep: number, pools = ['sram']): BufferRequest => ({
  id,
  name: `b${id}`,
  bytes,
  alignment: 16,
  firstStep,
  lastStep,
  pools,
});

// Step 1 holds b0 (100) + b1 (60) = 160 B, the peak.
const buffers = [buf(0, 100, 0, 1), buf(1, 60, 1, 2), buf(2, 40, 2, 2)];

function errorOf(problem: PlanningProblem): AnvilError | undefined {
  try {
    checkBudget(problem);
    return undefined;
  } catch (e) {
    return e as AnvilError;
  }
}

describe('checkBudget', () => {
  it('accepts a pool that holds the peak (aligned up: 160 in 16-byte units)', () => {
    expect(errorOf({ pools: [{ name: 'sram', size: 160, alignment: 16, access: ['cpu'] }], buffers, steps: 3 })).toBeUndefined();
  });

  it('refuses a smaller pool with the numbers, the step and the tensors', () => {
    const e = errorOf({ pools: [{ name: 'sram', size: 150, alignment: 16, access: ['cpu'] }], buffers, steps: 3 });
    expect(e?.code).toBe('PLAN_BUDGET_TOO_SMALL');
    expect(e?.message).toBe(
      'sram has 150 bytes but no plan can use fewer than 160: at step 1 these are live together: b0 (100 B), b1 (60 B)',
    );
  });

  it('checks each pool against the buffers only it may hold', () => {
    // Together 300 B is plenty, but b0 and b1 may only go to dtcm (120 B) and need 160 there.
    const pools = [
      { name: 'dtcm', size: 120, alignment: 16, access: ['cpu' as const] },
      { name: 'sram', size: 180, alignment: 16, access: ['cpu' as const] },
    ];
    const e = errorOf({ pools, buffers: [buf(0, 100, 0, 1, ['dtcm']), buf(1, 60, 1, 2, ['dtcm']), buf(2, 40, 2, 2, ['sram'])], steps: 3 });
    expect(e?.message).toMatch(/^dtcm has 120 bytes but no plan can use fewer than 160/);
  });
  it('still checks the sized pools together when an unsized state pool is added beside them', () => {
    // b0 and b1 (160 B at step 1) may go to dtcm or sram, 150 B together; the state only to
    // the unsized persistent pool. Its infinite size must not make the sized pools look big enough.
    const pools = [
      { name: 'dtcm', size: 70, alignment: 16, access: ['cpu' as const] },
      { name: 'sram', size: 80, alignment: 16, access: ['cpu' as const] },
      { name: 'persistent', size: Number.POSITIVE_INFINITY, alignment: 16, access: ['cpu' as const] },
    ];
    const both = ['dtcm', 'sram'];
    const state = { ...buf(3, 32, 0, 2, ['persistent']), kind: 'persistent' as const };
    const e = errorOf({ pools, buffers: [buf(0, 100, 0, 1, both), buf(1, 60, 1, 2, both), state], steps: 3 });
    expect(e?.message).toMatch(/^dtcm\+sram has 150 bytes but no plan can use fewer than 160/);
  });
});
