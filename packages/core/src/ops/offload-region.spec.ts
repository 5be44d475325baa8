import { describe, expect, it } from 'vitest';
import type { Graph, Node } from '../index.js';
import { verifyGraph } from '../passes/verify-graph.js';
import { act, addNode } from '../testing/tiny-graphs.js';

// t0 + t1 → t2 wrapped in a region node; the body shares the tensor table.
function wrapped(outputs: number[], bodyOutputs: number[]): Graph {
  const tensors = [act(0, [1, 4]), act(1, [1, 4]), act(2, [1, 4])];
  const body: Graph = { name: 'r', tensors, nodes: [addNode(0, 0, 1, 2)], inputs: [0, 1], outputs: bodyOutputs };
  const region: Node = { id: 0, op: 'OFFLOAD_REGION', name: 'r', inputs: [0, 1], outputs, attrs: { offloader: 'x', config: 'y', body } };
  return { name: 'g', tensors, nodes: [region], inputs: [0, 1], outputs: [2] };
}

describe('OFFLOAD_REGION', () => {
  it('verifies when the body reads and writes exactly the node tensors', () => {
    const g = wrapped([2], [2]);
    expect(verifyGraph(g)).toBe(g);
  });

  it('is refused when the body produces other tensors than the node says', () => {
    expect(() => verifyGraph(wrapped([2], [0]))).toThrow(/its body reads or writes other tensors than the region node/);
  });
});
