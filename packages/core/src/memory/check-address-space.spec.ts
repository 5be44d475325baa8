import { describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import type { Target } from '../extension/target.js';
import { addressableBytes, checkAddressSpace, checkPlanAddressSpace } from './check-address-space.js';
import type { BufferRequest, MemoryPlan, PlanningProblem, Pool, PoolUsage } from './problem.js';

const target = (addressBits?: 32 | 64): Target => ({
  name: addressBits === undefined ? 'unstated' : `cpu${addressBits}`,
  description: '',
  cpu: 'native',
  features: [],
  toolchain: { cc: 'cc', cflags: [], ldflags: [], packages: [] },
  arenaAlignment: 16,
  ...(addressBits === undefined ? {} : { addressBits }),
});

const pool = (name: string, size = Number.POSITIVE_INFINITY): Pool => ({ name, size, alignment: 16, access: ['cpu'] });
const buffer = (id: number, bytes: number, pin?: { pool: string; offset?: number }): BufferRequest => ({
  id,
  name: `t${id}`,
  bytes,
  alignment: 16,
  firstStep: 0,
  lastStep: 0,
  pools: ['sram'],
  ...(pin === undefined ? {} : { pin }),
});
const problem = (pools: Pool[], buffers: BufferRequest[]): PlanningProblem => ({ pools, buffers, steps: 1 });
const flash: PoolUsage = { name: 'flash', capacity: Number.POSITIVE_INFINITY, used: 1024 };
const GiB4 = 2 ** 32;

function message(f: () => void): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AnvilError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'ok';
}

describe('checkAddressSpace: memory a target cannot address is refused before planning', () => {
  it('takes 2^bits − 1 as the largest object, 32 bits when the target does not say', () => {
    expect(addressableBytes(target(32))).toBe(GiB4 - 1);
    expect(addressableBytes(target())).toBe(GiB4 - 1);
    expect(addressableBytes(target(64))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a pin offset beyond 4 GiB on a 32-bit target, with the numbers; a 64-bit one takes it', () => {
    const p = problem([pool('sram')], [buffer(0, 490, { pool: 'sram', offset: 1099511627776 })]);
    expect(message(() => checkAddressSpace(p, flash, target(32)))).toBe(
      'ADDRESS_SPACE_EXCEEDED: "t0" (490 bytes) pinned at sram@1099511627776 reaches byte 1099511628266, beyond what the 32-bit target cpu32 can address (at most 4294967295 bytes)',
    );
    expect(message(() => checkAddressSpace(p, flash, target(64)))).toBe('ok');
    // The wrap-around case: the first byte past 4 GiB.
    const wraps = problem([pool('sram')], [buffer(0, 16, { pool: 'sram', offset: GiB4 })]);
    expect(message(() => checkAddressSpace(wraps, flash, target(32)))).toMatch(/^ADDRESS_SPACE_EXCEEDED/);
    const fits = problem([pool('sram')], [buffer(0, 16, { pool: 'sram', offset: GiB4 - 32 })]);
    expect(message(() => checkAddressSpace(fits, flash, target(32)))).toBe('ok');
  });

  it('refuses pool sizes alone and together, flash, and live bytes no plan can go below', () => {
    expect(message(() => checkAddressSpace(problem([pool('sram', GiB4)], []), flash, target(32)))).toContain(
      'pool sram (4294967296 bytes)',
    );
    const halves = [pool('a', GiB4 / 2), pool('b', GiB4 / 2)];
    expect(message(() => checkAddressSpace(problem(halves, []), flash, target(32)))).toContain('pools a + b together');
    expect(message(() => checkAddressSpace(problem([pool('sram')], []), { ...flash, capacity: GiB4 }, target(32)))).toContain('flash');
    const live = problem([pool('sram')], [buffer(0, GiB4 / 2), buffer(1, GiB4 / 2)]);
    expect(message(() => checkAddressSpace(live, flash, target(32)))).toContain('the live bytes at the busiest step');
    expect(message(() => checkAddressSpace(live, flash, target(64)))).toBe('ok');
  });

  it('refuses a plan whose pools the target cannot address', () => {
    const plan = (used: number[]): MemoryPlan => ({
      planner: 'p',
      placements: [],
      pools: used.map((u, k): PoolUsage => ({ name: `pool${k}`, capacity: Number.POSITIVE_INFINITY, used: u })),
      optimal: false,
      solveMs: 0,
    });
    expect(message(() => checkPlanAddressSpace(plan([GiB4]), target(32)))).toContain("the p plan's pool pool0");
    expect(message(() => checkPlanAddressSpace(plan([GiB4 / 2, GiB4 / 2]), target(32)))).toContain("the p plan's pools together");
    expect(message(() => checkPlanAddressSpace(plan([GiB4 - 1]), target(32)))).toBe('ok');
  });
});
