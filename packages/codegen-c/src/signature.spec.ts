import { describe, expect, it } from 'vitest';
import { perTensor } from '@anvil/core';
import type { Graph, KernelEmitContext, Node, Tensor } from '@anvil/core';
import { kernelParams, operand } from './signature.js';

const act = (id: number): Tensor => ({ id, name: `t${id}`, shape: [4], dtype: 'int8', quant: perTensor(0.5, 0) });
const graph = (inputs: number[]): { graph: Graph; node: Node } => {
  const node: Node = { id: 0, op: 'ADD', name: 'add', inputs, outputs: [3], attrs: { activation: 'NONE' } };
  const tensors = [act(0), act(1), { ...act(2), data: new Uint8Array(4) }, act(3)];
  return { graph: { name: 'g', tensors, nodes: [node], inputs: [0, 1], outputs: [3] }, node };
};
const ctx = { weightSymbol: (id: number) => `w${id}` } as unknown as KernelEmitContext;

describe('kernel signature', () => {
  it('rule: parameters are numbered by input slot, so x + x reads x0 and x1', () => {
    const { graph: g, node } = graph([0, 0]);
    expect(kernelParams(node, g, false)).toMatch(/x0, .*x1, .*y0$/);
    expect([operand(node, g, ctx, 0), operand(node, g, ctx, 1)]).toEqual(['x0', 'x1']);
  });

  it('constants are weight symbols and do not take a parameter number', () => {
    const { graph: g, node } = graph([2, 1]);
    expect([operand(node, g, ctx, 0), operand(node, g, ctx, 1)]).toEqual(['w2', 'x0']);
  });
});
