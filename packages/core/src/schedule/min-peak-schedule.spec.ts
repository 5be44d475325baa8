import { describe, expect, it } from 'vitest';
import type { Graph } from '../ir/graph.js';
import type { Program, ProgramBuffer } from '../lowering/program.js';
import { act, addNode } from '../testing/tiny-graphs.js';
import { minPeakSchedule } from './min-peak-schedule.js';

// Two branches from the input x (64 B): n0 x→a (256 B), n2 a→a' (16 B); n1 x→b (256 B),
// n3 b→b' (16 B); n4 a'+b' → y (16 B). Stored order n0 n1 n2 n3 n4 holds x, a and b
// together at step 1: 576 B. Finishing one branch first (n0 n2 n1 n3 n4): step 1 holds
// x, a, a' = 336 B, step 2 x, a', b = 336 B: the minimum (the other branch first is symmetric).
const graph: Graph = {
  name: 'branches',
  tensors: [act(0, [64]), act(1, [256]), act(2, [16]), act(3, [256]), act(4, [16]), act(5, [16])],
  nodes: [
    { ...addNode(0, 0, 0, 1), inputs: [0] },
    { ...addNode(1, 0, 0, 3), inputs: [0] },
    { ...addNode(2, 1, 1, 2), inputs: [1] },
    { ...addNode(3, 3, 3, 4), inputs: [3] },
    addNode(4, 2, 4, 5),
  ],
  inputs: [0],
  outputs: [5],
};

const buffer = (
  id: number,
  tensor: number,
  bytes: number,
  firstStep: number,
  lastStep: number,
  kind: ProgramBuffer['kind'],
): ProgramBuffer => ({
  id,
  name: `t${tensor}`,
  bytes,
  alignment: 16,
  firstStep,
  lastStep,
  kind,
  tensors: [tensor],
  access: [],
});

const program: Program = {
  graph,
  target: 'test',
  schedule: [0, 1, 2, 3, 4],
  steps: [0, 1, 2, 3, 4].map((nodeId) => ({ nodeId, op: 'ADD' as const, strategy: 'test', backend: 'test' })),
  buffers: [
    buffer(0, 0, 64, 0, 1, 'input'),
    buffer(1, 1, 256, 0, 2, 'activation'),
    buffer(2, 3, 256, 1, 3, 'activation'),
    buffer(3, 2, 16, 2, 4, 'activation'),
    buffer(4, 4, 16, 3, 4, 'activation'),
    buffer(5, 5, 16, 4, 4, 'output'),
  ],
  tensorBuffer: new Map([
    [0, 0],
    [1, 1],
    [3, 2],
    [2, 3],
    [4, 4],
    [5, 5],
  ]),
};

describe('minPeakSchedule', () => {
  it('finishes one branch before starting the other: 576 → 336 B, exactly', () => {
    const choice = minPeakSchedule(program);
    expect(choice.peakBefore).toBe(576);
    expect(choice.peakAfter).toBe(336);
    expect(choice.exact).toBe(true);
    expect(choice.order).toEqual([0, 2, 1, 3, 4]);
  });

  it('keeps the stored order when it is already best', () => {
    const sorted = { ...program, schedule: [0, 2, 1, 3, 4] };
    const lifetimes = [
      buffer(0, 0, 64, 0, 2, 'input'),
      buffer(1, 1, 256, 0, 1, 'activation'),
      buffer(2, 3, 256, 2, 3, 'activation'),
      buffer(3, 2, 16, 1, 4, 'activation'),
      buffer(4, 4, 16, 3, 4, 'activation'),
      buffer(5, 5, 16, 4, 4, 'output'),
    ];
    const choice = minPeakSchedule({
      ...sorted,
      buffers: lifetimes,
      steps: sorted.schedule.map((nodeId) => ({ nodeId, op: 'ADD' as const, strategy: 'test', backend: 'test' })),
    });
    expect(choice.peakBefore).toBe(336);
    expect(choice.order).toEqual([0, 2, 1, 3, 4]);
  });
});
