import { describe, expect, it } from 'vitest';
import { addNode, act } from '../testing/tiny-graphs.js';
import type { Graph } from '../ir/graph.js';
import { connectedRegions, findCycles, topologicalOrder } from './dataflow.js';

// Diamond: n0: t0+t0→t1, n1: t1+t1→t2, n2: t1+t1→t3, n3: t2+t3→t4
const diamond: Graph = {
  name: 'diamond',
  tensors: [0, 1, 2, 3, 4].map((i) => act(i, [1, 2])),
  nodes: [addNode(0, 0, 0, 1), addNode(1, 1, 1, 2), addNode(2, 1, 1, 3), addNode(3, 2, 3, 4)],
  inputs: [0],
  outputs: [4],
};

describe('dataflow algorithms', () => {
  it('orders producers before consumers', () => {
    const order = topologicalOrder(diamond) ?? [];
    expect(order).toHaveLength(4);
    const pos = (n: number) => order.indexOf(n);
    expect(pos(0)).toBeLessThan(pos(1));
    expect(pos(0)).toBeLessThan(pos(2));
    expect(pos(1)).toBeLessThan(pos(3));
    expect(pos(2)).toBeLessThan(pos(3));
  });

  it('finds cycles', () => {
    expect(findCycles(diamond)).toEqual([]);
    const cyclic = { ...diamond, nodes: [addNode(0, 4, 0, 1), ...diamond.nodes.slice(1)] };
    expect(topologicalOrder(cyclic)).toBeUndefined();
    expect(findCycles(cyclic)).toEqual([[0, 1, 2, 3]]);
  });

  it('splits the kept nodes into connected regions', () => {
    // Dropping node 0 and node 3 leaves 1 and 2 unconnected.
    expect(connectedRegions(diamond, (n) => n === 1 || n === 2)).toEqual([[1], [2]]);
    expect(connectedRegions(diamond, (n) => n !== 3)).toEqual([[0, 1, 2]]);
  });
});
