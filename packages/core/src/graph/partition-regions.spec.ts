import { describe, expect, it } from 'vitest';
import type { Graph } from '../ir/graph.js';
import type { Node } from '../ir/node.js';
import { verifyGraph } from '../passes/verify-graph.js';
import { act, addNode } from '../testing/tiny-graphs.js';
import { partitionRegions } from './partition-regions.js';

// Five adds in a chain with a side branch: a0 → a1 → a2 → a3, a4 reads a0's and a3's results.
// The judge refuses a2, so {a0, a1} and {a3, a4} are regions and a2 stays between them.
function chain(): Graph {
  const tensors = [0, 1, 2, 3, 4, 5, 6].map((i) => act(i, [1, 4]));
  const nodes: Node[] = [addNode(0, 0, 1, 2), addNode(1, 2, 1, 3), addNode(2, 3, 1, 4), addNode(3, 4, 1, 5), addNode(4, 5, 2, 6)];
  return { name: 'chain', tensors, nodes, inputs: [0, 1], outputs: [6] };
}

describe('partitionRegions', () => {
  const judge = (n: Node): string | undefined => (n.id === 2 ? 'refused' : undefined);

  it('replaces each maximal run with one region node whose body keeps its nodes, and says why the rest stays', () => {
    const p = partitionRegions(chain(), 'test', 'cfg', judge);
    verifyGraph(p.graph);
    expect(p.graph.nodes.map((n) => n.op)).toEqual(['OFFLOAD_REGION', 'ADD', 'OFFLOAD_REGION']);
    expect(p.regions.map((r) => r.nodes)).toEqual([
      [0, 1],
      [3, 4],
    ]);
    const [r0, , r1] = p.graph.nodes;
    // Region 0 reads the graph inputs and hands t3 to the CPU add, and t2 to region 1.
    expect(r0?.inputs).toEqual([0, 1]);
    expect(r0?.outputs).toEqual([2, 3]);
    expect(r1?.inputs).toEqual([4, 1, 2]);
    expect(r1?.outputs).toEqual([6]);
    expect(p.decisions.map((d) => d.region ?? d.reason)).toEqual([0, 0, 'refused', 1, 1]);
  });

  it('keeps a region convex: a supported node that depends on the CPU through another path is not merged', () => {
    // a0 (npu) → a1 (cpu) → a2 (npu), and a2 also reads a0 directly: a0 and a2 are connected but
    // merging them would make the region both feed and wait for a1.
    const tensors = [0, 1, 2, 3, 4].map((i) => act(i, [1, 4]));
    const nodes: Node[] = [addNode(0, 0, 1, 2), addNode(1, 2, 1, 3), addNode(2, 3, 2, 4)];
    const g: Graph = { name: 'diamond', tensors, nodes, inputs: [0, 1], outputs: [4] };
    const p = partitionRegions(g, 'test', 'cfg', (n) => (n.id === 1 ? 'cpu' : undefined));
    verifyGraph(p.graph);
    expect(p.regions.map((r) => r.nodes)).toEqual([[0], [2]]);
  });
});

describe('partitionRegions beyond the stored order', () => {
  it('merges NPU nodes that an independent CPU node separates in the stored order', () => {
    // a0 (npu) t0+t1 → t2; c1 (cpu) t0+t1 → t3, independent of a0; a2 (npu) t2+t1 → t4.
    // A run-based partition would make two regions; {a0, a2} is convex, so it is one.
    const tensors = [0, 1, 2, 3, 4].map((i) => act(i, [1, 4]));
    const nodes: Node[] = [addNode(0, 0, 1, 2), addNode(1, 0, 1, 3), addNode(2, 2, 1, 4)];
    const g: Graph = { name: 'interleaved', tensors, nodes, inputs: [0, 1], outputs: [3, 4] };
    const p = partitionRegions(g, 'test', 'cfg', (n) => (n.id === 1 ? 'cpu' : undefined));
    verifyGraph(p.graph);
    expect(p.regions.map((r) => r.nodes)).toEqual([[0, 2]]);
    // The region takes the place of its first node; the CPU node follows.
    expect(p.graph.nodes.map((n) => n.op)).toEqual(['OFFLOAD_REGION', 'ADD']);
    expect(p.regions[0]?.regionNode).toBe(0);
  });

  it('merges two supported branches that meet, when the union stays convex', () => {
    // c0 (cpu) → t2; a1 (npu) t2 → t3; a2 (npu) t2 → t4; a3 (npu) t3 + t4 → t5: one region {a1, a2, a3}.
    const tensors = [0, 1, 2, 3, 4, 5].map((i) => act(i, [1, 4]));
    const nodes: Node[] = [addNode(0, 0, 1, 2), addNode(1, 2, 1, 3), addNode(2, 2, 0, 4), addNode(3, 3, 4, 5)];
    const g: Graph = { name: 'branches', tensors, nodes, inputs: [0, 1], outputs: [5] };
    const p = partitionRegions(g, 'test', 'cfg', (n) => (n.id === 0 ? 'cpu' : undefined));
    verifyGraph(p.graph);
    expect(p.regions.map((r) => r.nodes)).toEqual([[1, 2, 3]]);
  });
});
