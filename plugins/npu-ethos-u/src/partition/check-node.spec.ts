import { describe, expect, it } from 'vitest';
import { perTensor } from '@anvil/core';
import type { Graph, Node, Tensor } from '@anvil/core';
import { chooseBlock } from '../compile/block-config.js';
import type { ConvOp } from '../compile/npu-op.js';
import { npuConfig } from '../spec/npu-configs.js';
import { checkNode } from './check-node.js';

const act = (id: number, shape: number[]): Tensor => ({ id, name: `t${id}`, shape, dtype: 'int8', quant: perTensor(0.5, 0) });
const weights = (id: number, shape: number[]): Tensor => ({
  id,
  name: `w${id}`,
  shape,
  dtype: 'int8',
  quant: perTensor(0.1, 0),
  data: new Uint8Array(shape.reduce((a, b) => a * b, 1)),
});

function conv(inShape: number[], wShape: number[], outShape: number[], stride = 1): { node: Node; graph: Graph } {
  const node: Node = {
    id: 0,
    op: 'CONV_2D',
    name: 'c',
    inputs: [0, 1],
    outputs: [2],
    attrs: { padding: 'VALID', strideH: stride, strideW: stride, dilationH: 1, dilationW: 1, activation: 'NONE' },
  };
  return {
    node,
    graph: { name: 'g', tensors: [act(0, inShape), weights(1, wShape), act(2, outShape)], nodes: [node], inputs: [0], outputs: [2] },
  };
}

describe('checkNode: the reason a node stays on the CPU', () => {
  const u128 = npuConfig('ethos-u55-128');

  it('accepts a plain 3×3 convolution', () => {
    const { node, graph } = conv([1, 8, 8, 4], [8, 3, 3, 4], [1, 6, 6, 8]);
    expect(checkNode(node, graph, u128)).toBeUndefined();
  });

  it('refuses stride 4, except when the axis has a single output', () => {
    const strided = conv([1, 17, 17, 4], [8, 3, 3, 4], [1, 4, 4, 8], 4);
    expect(checkNode(strided.node, strided.graph, u128)).toBe('stride H 4 exceeds 3');
    const once = conv([1, 4, 4, 4], [8, 4, 4, 4], [1, 1, 1, 8], 4);
    expect(checkNode(once.node, once.graph, u128)).toBeUndefined();
  });

  it('accepts what the hardware streams: weights per channel beyond SHRAM, a deep FULLY_CONNECTED', () => {
    // 3·3·1024 = 9216 weights per channel: more than half of ethos-u55-32's 16 KiB SHRAM, which
    // held the weights in the old model; the decoder streams them, the input depth is walked in blocks.
    const { node, graph } = conv([1, 3, 3, 1024], [2, 3, 3, 1024], [1, 1, 1, 2]);
    expect(checkNode(node, graph, npuConfig('ethos-u55-32'))).toBeUndefined();
    expect(checkNode(node, graph, npuConfig('ethos-u55-256'))).toBeUndefined();
    const fc: Node = {
      id: 0,
      op: 'FULLY_CONNECTED',
      name: 'f',
      inputs: [0, 1],
      outputs: [2],
      attrs: { activation: 'NONE', keepNumDims: false },
    };
    const g: Graph = {
      name: 'g',
      tensors: [act(0, [1, 8192]), weights(1, [16, 8192]), act(2, [1, 16])],
      nodes: [fc],
      inputs: [0],
      outputs: [2],
    };
    expect(checkNode(fc, g, u128)).toBeUndefined();
  });

  it('refuses weights per channel beyond what the simulator decodes at once', () => {
    const { node, graph } = conv([1, 3, 3, 11000], [1, 3, 3, 11000], [1, 1, 1, 1]);
    expect(checkNode(node, graph, u128)).toBe('99000 weights per output channel exceed the 98304 the simulator decodes at once');
  });

  it('runs an int8 SOFTMAX with TFLite’s output quantization, and refuses any other output', () => {
    const softmax: Node = { id: 0, op: 'SOFTMAX', name: 's', inputs: [0], outputs: [1], attrs: { beta: 1 } };
    const out: Tensor = { ...act(1, [1, 12]), quant: perTensor(1 / 256, -128) };
    const g: Graph = { name: 'g', tensors: [act(0, [1, 12]), out], nodes: [softmax], inputs: [0], outputs: [1] };
    expect(checkNode(softmax, g, u128)).toBeUndefined();
    const other: Graph = { ...g, tensors: [act(0, [1, 12]), act(1, [1, 12])] };
    expect(checkNode(softmax, other, u128)).toBe('output quantization is not scale 1/256, zero point -128');
    // A row is one block: 8,000 values (8 KB in, 32 KB of sums) do not fit u55-128's 24 KiB.
    const long: Graph = { ...g, tensors: [act(0, [1, 8000]), { ...out, shape: [1, 8000] }] };
    expect(checkNode(softmax, long, u128)).toBe('a row of 8000 values does not fit the SHRAM of ethos-u55-128');
  });

  it('broadcasts a size-1 axis; refuses what does not broadcast, float tensors and ops the NPU lacks', () => {
    const add: Node = { id: 0, op: 'ADD', name: 'a', inputs: [0, 1], outputs: [2], attrs: { activation: 'NONE' } };
    const g: Graph = {
      name: 'g',
      tensors: [act(0, [1, 4, 4, 8]), act(1, [1, 1, 1, 8]), act(2, [1, 4, 4, 8])],
      nodes: [add],
      inputs: [0, 1],
      outputs: [2],
    };
    expect(checkNode(add, g, u128)).toBeUndefined();
    const odd: Graph = { ...g, tensors: [act(0, [1, 4, 4, 8]), act(1, [1, 1, 2, 8]), act(2, [1, 4, 4, 8])] };
    expect(checkNode(add, odd, u128)).toBe("input 1 shape [1, 1, 2, 8] does not broadcast to the output's");
    const f: Graph = { ...g, tensors: [{ ...act(0, [1, 4]), dtype: 'float32' }, act(1, [1, 4]), act(2, [1, 4])] };
    expect(checkNode(add, f, u128)).toBe('input 0 is float32; the NPU computes on int8 only');
    const tanh: Node = { id: 0, op: 'TANH', name: 't', inputs: [0], outputs: [2], attrs: {} };
    expect(checkNode(tanh, g, u128)).toBe('TANH is not an NPU operation');
  });
});

describe('block choice: a smaller SHRAM means smaller blocks (splitting)', () => {
  it('a 48×48×32 → 48×48×64 1×1 conv fits fewer outputs per block on ethos-u55-32 than on ethos-u55-256', () => {
    const fm = (c: number) => ({ region: 0, offset: 0, h: 48, w: 48, c, zeroPoint: 0 });
    const op: ConvOp = {
      kind: 'conv',
      nodeId: 0,
      ifm: fm(32),
      ofm: fm(64),
      window: { kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padTop: 0, padLeft: 0 },
      depthMultiplier: 1,
      activationMin: -128,
      activationMax: 127,
      block: { h: 1, w: 1, c: 1 },
      weightOffset: 0,
      weights: new Uint8Array(0),
      weightBits: 0,
    };
    const volume = (b: { h: number; w: number; c: number }) => b.h * b.w * b.c;
    const small = chooseBlock(op, npuConfig('ethos-u55-32'));
    const large = chooseBlock(op, npuConfig('ethos-u55-256'));
    expect(volume(small)).toBeLessThan(volume(large));
    // Each fits SHRAM's 1 KiB banks: the accumulators (4 bytes per output) and the input block
    // (its positions × 32 channels), each double-buffered, beside the 2 output banks.
    const banks = (bytes: number) => Math.ceil(bytes / 1024);
    const used = (b: { h: number; w: number; c: number }) => 2 * banks(4 * volume(b)) + 2 * banks(b.h * b.w * 32);
    expect(used(small)).toBeLessThanOrEqual(16 - 2);
    expect(used(large)).toBeLessThanOrEqual(48 - 2);
  });
});
