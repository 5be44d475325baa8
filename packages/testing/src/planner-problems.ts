import fc from 'fast-check';
import type { BufferRequest, PlanningProblem, Pool } from '@anvil/core';

/** A buffer of `bytes` alive over steps [firstStep, lastStep], 16-aligned, in sram unless told. */
export function conformanceBuffer(
  id: number,
  bytes: number,
  firstStep: number,
  lastStep: number,
  extra: Partial<BufferRequest> = {},
): BufferRequest {
  return { id, name: `b${id}`, bytes, alignment: 16, firstStep, lastStep, pools: ['sram'], ...extra };
}

/** A CPU pool; unbounded unless a size is given. */
export function conformancePool(name: string, size = Number.POSITIVE_INFINITY, alignment = 16): Pool {
  return { name, size, alignment, access: ['cpu'] };
}

const buf = conformanceBuffer;
const pool = conformancePool;

/** A hand-built problem every planner must plan validly; the titles say what each one probes. */
export interface NamedProblem {
  readonly title: string;
  readonly problem: PlanningProblem;
}

/**
 * vww_96_int8's head as a chain: the busiest step holds 18,432 + 36,864 = 55,296 B, and a
 * largest-first plan wastes 9,216 B above it.
 */
export const CHAIN_PROBLEM: PlanningProblem = {
  pools: [pool('sram')],
  buffers: [buf(0, 27648, 0, 0), buf(1, 18432, 0, 1), buf(2, 18432, 1, 2), buf(3, 36864, 2, 3), buf(4, 9216, 3, 4)],
  steps: 5,
};

/** A 96-B dtcm listed before sram (the 64-B and 32-B buffers of step 0 fit it), an offset pin and a pool pin. */
export const PINS_AND_POOLS_PROBLEM: PlanningProblem = {
  pools: [pool('dtcm', 96), pool('sram')],
  buffers: [
    buf(0, 64, 0, 1, { pools: ['dtcm', 'sram'] }),
    buf(1, 32, 0, 0, { pools: ['dtcm', 'sram'] }),
    buf(2, 128, 1, 2, { pools: ['sram'], pin: { pool: 'sram', offset: 256 } }),
    buf(3, 48, 2, 3, { pools: ['sram'], pin: { pool: 'sram' } }),
  ],
  steps: 4,
};

/** Two 8-byte buffers aligned to 16 in a 4-aligned pool: 24 B at best, above the 16-B floor. */
export const ALIGNMENT_PROBLEM: PlanningProblem = {
  pools: [pool('sram', Number.POSITIVE_INFINITY, 4)],
  buffers: [buf(0, 8, 0, 0), buf(1, 8, 0, 0)],
  steps: 1,
};

export const HAND_BUILT_PROBLEMS: readonly NamedProblem[] = [
  { title: 'a chain whose largest-first plan wastes 9,216 B', problem: CHAIN_PROBLEM },
  { title: 'offset and pool pins, and a small fast pool listed first', problem: PINS_AND_POOLS_PROBLEM },
  { title: 'buffers aligned above their pool (16 in a 4-aligned pool)', problem: ALIGNMENT_PROBLEM },
];

/**
 * Random problems: up to 60 buffers (0 to 4 KiB, alignment 1 to 16), one or two pools (a
 * 2-KiB `fast` before an unbounded `sram`, base alignment 1, 4 or 16), buffer 0 pinned at
 * offset 0 of sram and some others pinned to sram. Every problem fits: sram is unbounded and
 * only buffer 0 has a fixed offset.
 */
export const randomPlanningProblems: fc.Arbitrary<PlanningProblem> = fc
  .record({
    steps: fc.integer({ min: 1, max: 24 }),
    twoPools: fc.boolean(),
    poolAlign: fc.constantFrom(1, 4, 16),
    raw: fc.array(
      fc.record({
        bytes: fc.integer({ min: 0, max: 4096 }),
        alignment: fc.constantFrom(1, 4, 8, 16),
        start: fc.nat(),
        length: fc.integer({ min: 1, max: 8 }),
        pinPool: fc.boolean(),
      }),
      { minLength: 1, maxLength: 60 },
    ),
  })
  .map(({ steps, twoPools, poolAlign, raw }): PlanningProblem => {
    const names = twoPools ? ['fast', 'sram'] : ['sram'];
    const buffers = raw.map((r, id) => {
      const firstStep = r.start % steps;
      const base = buf(id, r.bytes, firstStep, Math.min(steps - 1, firstStep + r.length - 1), { alignment: r.alignment, pools: names });
      if (id === 0) return { ...base, pools: ['sram'], pin: { pool: 'sram', offset: 0 } };
      return r.pinPool && id % 3 === 0 ? { ...base, pools: ['sram'], pin: { pool: 'sram' } } : base;
    });
    const pools = twoPools
      ? [pool('fast', 2048, poolAlign), pool('sram', Number.POSITIVE_INFINITY, poolAlign)]
      : [pool('sram', Number.POSITIVE_INFINITY, poolAlign)];
    return { pools, buffers, steps };
  });
