import { describe, expect, it } from 'vitest';
import { perTensor } from '@anvil/core';
import type { Graph, Node, NodeOf, Tensor } from '@anvil/core';
import { depthwiseConv2dParams } from '@anvil/interp';
import { depthwiseAsConv, depthwiseSupported, depthwiseWorkspace } from './depthwise-conv-2d-simd.js';

function tensor(id: number, shape: number[], data?: Uint8Array): Tensor {
  return { id, name: `t${id}`, shape, dtype: 'int8', quant: perTensor(0.5, 0), ...(data === undefined ? {} : { data }) };
}

/** x [1,6,6,inC] → DEPTHWISE_CONV_2D 3×3 SAME (multiplier m) → y [1,6,6,inC·m]. */
function depthwise(inC: number, m: number): { node: NodeOf<'DEPTHWISE_CONV_2D'>; graph: Graph } {
  const out = inC * m;
  const w = tensor(
    1,
    [1, 3, 3, out],
    new Uint8Array(9 * out).map((_, i) => (i * 5) & 0x7f),
  );
  const attrs = { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE', depthMultiplier: m };
  const node = {
    id: 0,
    op: 'DEPTHWISE_CONV_2D',
    name: 'n0',
    inputs: [0, 1, -1],
    outputs: [2],
    attrs,
  } as unknown as NodeOf<'DEPTHWISE_CONV_2D'>;
  const graph: Graph = {
    name: 'g',
    tensors: [tensor(0, [1, 6, 6, inC]), w, tensor(2, [1, 6, 6, out])],
    nodes: [node as Node],
    inputs: [0],
    outputs: [2],
  };
  return { node, graph };
}

describe('depthwise convolution on the Cortex-M kernels', () => {
  it('one input channel with a depth multiplier runs as a convolution with one input channel', () => {
    const { node, graph } = depthwise(1, 8);
    const conv = depthwiseAsConv(depthwiseConv2dParams(node, graph));
    expect(conv?.filterShape).toEqual([8, 3, 3, 1]);
    expect(conv?.outputMultipliers).toHaveLength(8);
    expect(depthwiseSupported(node, graph)).toBe(true);
    // The convolution's two im2col columns of 3·3·1 bytes, not the depthwise zero-point row.
    expect(depthwiseWorkspace(node, graph)).toBe(18);
  });

  it('a multiplier on several input channels (a grouped convolution) is not claimed', () => {
    const { node, graph } = depthwise(4, 2);
    expect(depthwiseAsConv(depthwiseConv2dParams(node, graph))).toBeUndefined();
    expect(depthwiseSupported(node, graph)).toBe(false);
  });

  it('multiplier 1 keeps the depthwise kernel, in groups of four channels', () => {
    const four = depthwise(8, 1);
    expect(depthwiseAsConv(depthwiseConv2dParams(four.node, four.graph))).toBeUndefined();
    expect(depthwiseSupported(four.node, four.graph)).toBe(true);
    expect(depthwiseWorkspace(four.node, four.graph)).toBe(8);
    const six = depthwise(6, 1);
    expect(depthwiseSupported(six.node, six.graph)).toBe(false);
  });
});
