import { describe, expect, it } from 'vitest';
import { perTensor } from '@anvil/core';
import type { Graph, Node, Tensor } from '@anvil/core';
import { npuConfig } from '../spec/npu-configs.js';
import { partitionGraph } from './partition-graph.js';

const act = (id: number): Tensor => ({ id, name: `t${id}`, shape: [1, 4, 4, 8], dtype: 'int8', quant: perTensor(0.5, 0) });
const add = (id: number, inputs: number[], output: number): Node => ({
  id,
  op: 'ADD',
  name: `add${id}`,
  inputs,
  outputs: [output],
  attrs: { activation: 'NONE' },
});

/** Two ADDs of graph inputs feeding a third; `outputs` says which sums the graph also returns. */
function tree(outputs: number[]): Graph {
  return {
    name: 'g',
    tensors: [0, 1, 2, 3, 4, 5, 6].map(act),
    nodes: [add(0, [0, 1], 4), add(1, [2, 3], 5), add(2, [4, 5], 6)],
    inputs: [0, 1, 2, 3],
    outputs,
  };
}

describe('partitionGraph: base pointers', () => {
  const u128 = npuConfig('ethos-u55-128');

  it('offloads a region of 4 inputs and 2 outputs: weights, scratch and 6 I/O are the 8 base pointers', () => {
    const p = partitionGraph(tree([5, 6]), u128);
    expect(p.regions).toHaveLength(1);
    expect(p.decisions.every((d) => d.region === 0)).toBe(true);
  });

  it('refuses a region that would need 9, and every node says why', () => {
    const p = partitionGraph(tree([4, 5, 6]), u128);
    expect(p.regions).toHaveLength(0);
    expect(p.graph.nodes.map((n) => n.op)).toEqual(['ADD', 'ADD', 'ADD']);
    for (const d of p.decisions) {
      expect(d.reason).toBe('its region needs 9 base pointers (weights, scratch, 4 inputs, 3 outputs); the NPU has 8');
    }
  });
});
