import { describe, expect, it } from 'vitest';
import type { KernelCall } from '@anvil/core';
import { BALANCED_SHARED_WORK, instanceGroups } from './library-instances.js';

const call = (fn: string, h: number, offset = 0): KernelCall => ({
  function: fn,
  operands: [0],
  params: [
    ['h', h],
    ['input_offset', { scalar: offset }],
    ['filter', `w${h}`],
  ],
});

describe('instanceGroups', () => {
  // Work 1000, 50, 50, 1: four calls, three structures (the two 50s differ only in a scalar and a weight).
  const sites = [
    { step: 0, call: call('anvil_a', 1), work: 1000 },
    { step: 1, call: call('anvil_a', 2, 5), work: 50 },
    { step: 2, call: call('anvil_a', 2, -3), work: 50 },
    { step: 3, call: call('anvil_b', 7), work: 1 },
  ];

  it('groups calls of equal structure: scalars and C expressions do not split a group', () => {
    const groups = instanceGroups(sites, 'fast');
    expect(groups.map((g) => g.steps)).toEqual([[0], [1, 2], [3]]);
    expect(groups.every((g) => g.specialised)).toBe(true);
  });

  it('small shares every call', () => {
    expect(instanceGroups(sites, 'small').some((g) => g.specialised)).toBe(false);
  });

  it('balanced shares the lightest structures while they carry little of the work', () => {
    const more = [...sites, { step: 4, call: call('anvil_b', 8), work: 2 }, { step: 5, call: call('anvil_b', 9), work: 2 }];
    const groups = instanceGroups(more, 'balanced');
    const shared = groups.filter((g) => !g.specialised);
    expect(shared.map((g) => g.steps)).toEqual([[3], [4], [5]]);
    const total = more.reduce((s, x) => s + x.work, 0);
    expect(shared.reduce((s, g) => s + g.work, 0)).toBeLessThanOrEqual(BALANCED_SHARED_WORK * total);
  });

  it('balanced specialises a kernel’s few light structures: its shared instance would take more flash than their copies', () => {
    const two = [...sites, { step: 4, call: call('anvil_b', 8), work: 2 }];
    expect(instanceGroups(two, 'balanced').every((g) => g.specialised)).toBe(true);
  });

  it('is deterministic: ties in work go to the earlier step', () => {
    const tie = [
      { step: 5, call: call('anvil_a', 9), work: 10 },
      { step: 2, call: call('anvil_a', 8), work: 10 },
      { step: 1, call: call('anvil_a', 7), work: 10 },
      { step: 3, call: call('anvil_a', 6), work: 10 },
      // Sized so the budget holds three of the four light structures (30 ≤ budget < 40).
      { step: 0, call: call('anvil_c', 1), work: Math.round(35 / BALANCED_SHARED_WORK) - 40 },
    ];
    const once = instanceGroups(tie, 'balanced');
    expect(instanceGroups(tie, 'balanced')).toEqual(once);
    // Three of the four equal structures fit the budget: the three earliest.
    expect(once.filter((g) => !g.specialised).map((g) => g.steps[0])).toEqual([2, 1, 3]);
  });
});
