import { describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import type { ErrorCode } from '../errors/codes.js';
import type { Graph } from '../ir/graph.js';
import { act, addNode, twoAdds } from '../testing/tiny-graphs.js';
import { verifyGraph } from './verify-graph.js';

function codeOf(g: Graph): ErrorCode | 'ok' {
  try {
    verifyGraph(g);
    return 'ok';
  } catch (e) {
    if (e instanceof AnvilError) return e.code;
    throw e;
  }
}

describe('verifyGraph', () => {
  it('accepts a well-formed graph', () => {
    expect(codeOf(twoAdds())).toBe('ok');
  });

  it('rejects tensor indices out of range', () => {
    const g = twoAdds();
    expect(codeOf({ ...g, nodes: [addNode(0, 0, 9, 2), g.nodes[1]!] })).toBe('GRAPH_INVALID');
    expect(codeOf({ ...g, outputs: [4] })).toBe('GRAPH_INVALID');
  });

  it('rejects a cycle with GRAPH_CYCLE and an out-of-order but acyclic list with GRAPH_INVALID', () => {
    const g = twoAdds();
    // node 0 reads t3 which node 1 writes from t2, which node 0 writes: a cycle.
    const cyclic = { ...g, nodes: [addNode(0, 0, 3, 2), addNode(1, 2, 0, 3)] };
    expect(codeOf(cyclic)).toBe('GRAPH_CYCLE');
    const swapped = { ...g, nodes: [g.nodes[1]!, g.nodes[0]!] };
    expect(codeOf(swapped)).toBe('GRAPH_INVALID');
  });

  it('rejects a tensor written twice and a value nobody produces', () => {
    const g = twoAdds();
    expect(codeOf({ ...g, nodes: [addNode(0, 0, 1, 2), addNode(1, 0, 1, 2)], outputs: [2] })).toBe('GRAPH_INVALID');
    expect(codeOf({ ...g, inputs: [0] })).toBe('GRAPH_INVALID');
  });

  it('rejects stored shapes that disagree with shape inference', () => {
    const g = twoAdds();
    const tensors = [...g.tensors];
    tensors[3] = act(3, [1, 5]);
    expect(codeOf({ ...g, tensors })).toBe('OP_SHAPE_MISMATCH');
  });

  it('rejects int8 compute on unquantized tensors and wrong dtypes', () => {
    const g = twoAdds();
    const noQuant = [...g.tensors];
    noQuant[1] = { id: 1, name: 't1', shape: [1, 4], dtype: 'int8' };
    expect(codeOf({ ...g, tensors: noQuant })).toBe('OP_QUANTIZATION_INVALID');
    const float = [...g.tensors];
    float[1] = { id: 1, name: 't1', shape: [1, 4], dtype: 'float32' };
    expect(codeOf({ ...g, tensors: float })).toBe('OP_TYPE_MISMATCH');
  });

  it('rejects a tensor too large for any device before anything allocates it', () => {
    const g = twoAdds();
    const tensors = [...g.tensors];
    // 2^15 × 2^15 int8 = 1 GiB, over the 256 MiB limit.
    tensors[2] = act(2, [32768, 32768]);
    expect(codeOf({ ...g, tensors })).toBe('GRAPH_INVALID');
  });

  it('rejects constant data of the wrong size', () => {
    const g = twoAdds();
    const tensors = [...g.tensors];
    tensors[1] = { ...act(1, [1, 4]), data: new Uint8Array(3) };
    expect(codeOf({ ...g, tensors, inputs: [0] })).toBe('GRAPH_INVALID');
  });

  it('rule: a graph has at least one output (the C API would have an empty array)', () => {
    expect(codeOf({ ...twoAdds(), outputs: [] })).toBe('GRAPH_INVALID');
  });

  it('rule: a graph has at least one input (the C API would have an empty array)', () => {
    const g = twoAdds();
    const tensors = [...g.tensors];
    tensors[0] = { ...act(0, [1, 4]), data: new Uint8Array(4) };
    tensors[1] = { ...act(1, [1, 4]), data: new Uint8Array(4) };
    expect(codeOf({ ...g, tensors, inputs: [] })).toBe('GRAPH_INVALID');
  });

  it('rule: a graph input is not a constant and is listed once', () => {
    const g = twoAdds();
    const tensors = [...g.tensors];
    tensors[1] = { ...act(1, [1, 4]), data: new Uint8Array(4) };
    expect(codeOf({ ...g, tensors })).toBe('GRAPH_INVALID');
    expect(codeOf({ ...g, inputs: [0, 1, 0] })).toBe('GRAPH_INVALID');
  });

  it('rule: a node reads at least one non-constant tensor', () => {
    const g = twoAdds();
    const tensors = [...g.tensors];
    tensors[1] = { ...act(1, [1, 4]), data: new Uint8Array(4) };
    // t0 + t1 with t1 constant is fine; t1 + t1 reads only constants.
    expect(codeOf({ ...g, tensors, inputs: [0] })).toBe('ok');
    expect(codeOf({ ...g, tensors, inputs: [0], nodes: [addNode(0, 1, 1, 2), g.nodes[1]!] })).toBe('GRAPH_INVALID');
  });

  it('accepts an input that is also an output, a constant output, and one tensor read twice', () => {
    const g = twoAdds();
    expect(codeOf({ ...g, outputs: [3, 0] })).toBe('ok');
    const tensors = [...g.tensors, { ...act(4, [2]), data: new Uint8Array(2) }];
    expect(codeOf({ ...g, tensors, outputs: [3, 4] })).toBe('ok');
    expect(codeOf({ ...g, nodes: [addNode(0, 0, 0, 2), addNode(1, 2, 1, 3)] })).toBe('ok');
  });

  it('rejects conv windows that do not fit and zero strides', () => {
    const w = {
      id: 1,
      name: 'w',
      shape: [2, 3, 3, 1],
      dtype: 'int8' as const,
      quant: { scale: [0.1, 0.2], zeroPoint: [0, 0], axis: 0 },
      data: new Uint8Array(18),
    };
    const conv = (strideH: number, inShape: number[], outShape: number[]): Graph => ({
      name: 'conv',
      tensors: [act(0, inShape), w, act(2, outShape)],
      nodes: [
        {
          id: 0,
          op: 'CONV_2D',
          name: 'c',
          inputs: [0, 1, -1],
          outputs: [2],
          attrs: { padding: 'VALID', strideH, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' },
        },
      ],
      inputs: [0],
      outputs: [2],
    });
    expect(codeOf(conv(1, [1, 4, 4, 1], [1, 2, 2, 2]))).toBe('ok');
    expect(codeOf(conv(0, [1, 4, 4, 1], [1, 2, 2, 2]))).toBe('OP_ATTRIBUTE_INVALID');
    expect(codeOf(conv(1, [1, 2, 2, 1], [1, 1, 1, 2]))).toBe('OP_SHAPE_MISMATCH');
  });
});
