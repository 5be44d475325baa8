import { describe, expect, it } from 'vitest';
import { tensorBytes, verifyGraph } from '@anvil/core';
import type { Graph, Tensor } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { GraphBuilder, firstDifference, xorshiftBytes } from '@anvil/testing';
import { buildForHost, runHost } from './support/host-build.js';

// Every op the interpreter supports, including those no shared model uses, in shapes that hit
// the edges (broadcast, dilation, depth multiplier, padding on all sides, fused activations):
// the sanitized generated C must equal the interpreter byte for byte on several inputs.
const conv = { padding: 'SAME', strideH: 2, strideW: 1, dilationH: 1, dilationW: 2, activation: 'RELU6' } as const;

function cases(): Array<[string, Graph]> {
  const out: Array<[string, Graph]> = [];
  {
    const b = new GraphBuilder(3);
    const x = b.input([1, 7, 9, 3], 0.05, -7);
    const w = b.weights([4, 3, 3, 3], [0.01, 0.02, 0.003, 0.04], 0);
    const y = b.activation([1, 4, 9, 4], 0.09, -128);
    b.node('CONV_2D', [x, w, b.bias([100, -2000, 30000, 5])], [y], conv);
    out.push(['conv 3×3 SAME, stride 2×1, dilation 1×2, RELU6, per-channel', b.build('conv_edges', [y])]);
  }
  {
    const b = new GraphBuilder(4);
    const x = b.input([1, 6, 5, 3], 0.1, 4);
    const w = b.weights([1, 3, 3, 6], [0.01, 0.02, 0.03, 0.04, 0.05, 0.06], 3);
    const y = b.activation([1, 3, 3, 6], 0.2, 1);
    b.node('DEPTHWISE_CONV_2D', [x, w, -1], [y], {
      padding: 'SAME',
      strideH: 2,
      strideW: 2,
      dilationH: 1,
      dilationW: 1,
      depthMultiplier: 2,
      activation: 'RELU',
    });
    out.push(['depthwise multiplier 2, no bias, RELU', b.build('dw_mult2', [y])]);
  }
  {
    const b = new GraphBuilder(5);
    const x = b.input([2, 10], 0.07, 3);
    const w = b.weights([5, 10], [0.02, 0.01, 0.03, 0.005, 0.015], 0);
    const y = b.activation([2, 5], 0.11, -9);
    b.node('FULLY_CONNECTED', [x, w, b.bias([1, 2, 3, -4, 500])], [y], { activation: 'RELU_N1_TO_1', keepNumDims: false });
    out.push(['fully connected per-channel, 2 batches, RELU_N1_TO_1', b.build('fc_pc', [y])]);
  }
  {
    const b = new GraphBuilder(6);
    const x = b.input([1, 3, 4, 5], 0.06, -3);
    const z = b.input([5], 0.03, 10);
    const y = b.activation([1, 3, 4, 5], 0.08, 2);
    const m = b.activation([1, 3, 4, 5], 0.01, -5);
    b.node('ADD', [x, z], [y], { activation: 'NONE' });
    b.node('MUL', [y, b.int8Const([1, 1, 4, 1], [-128, 127, 0, 33], 0.02, 1)], [m], { activation: 'RELU' });
    out.push(['ADD and MUL with broadcasting and a constant operand', b.build('add_mul_bcast', [m])]);
  }
  {
    const b = new GraphBuilder(7);
    const x = b.input([1, 5, 7, 2], 0.5, -1);
    const mp = b.activation([1, 3, 4, 2], 0.5, -1);
    const ap = b.activation([1, 2, 3, 2], 0.5, -1);
    b.node('MAX_POOL_2D', [x], [mp], { padding: 'SAME', strideH: 2, strideW: 2, filterH: 3, filterW: 2, activation: 'NONE' });
    b.node('AVERAGE_POOL_2D', [mp], [ap], { padding: 'VALID', strideH: 1, strideW: 1, filterH: 2, filterW: 2, activation: 'RELU' });
    out.push(['max pool SAME then average pool VALID', b.build('pools', [ap])]);
  }
  {
    const b = new GraphBuilder(8);
    const x = b.input([1, 3, 4, 2], 0.1, 5);
    const p = b.activation([1, 5, 7, 2], 0.1, 5);
    const pv = b.activation([2, 6, 7, 3], 0.1, 5);
    b.node('PAD', [x, b.int32Const([4, 2], [0, 0, 1, 1, 2, 1, 0, 0])], [p], {});
    b.node('PAD', [p, b.int32Const([4, 2], [1, 0, 0, 1, 0, 0, 0, 1]), b.int8Const([], [-77], 0.1, 5)], [pv], {});
    out.push(['PAD (zero point) and PADV2 (constant) on several axes', b.build('pads', [pv])]);
  }
  {
    const b = new GraphBuilder(9);
    const x = b.input([1, 4, 6, 3], 0.2, -3);
    const m1 = b.activation([1, 1, 1, 3], 0.15, 7);
    const m2 = b.activation([1, 6], 0.2, -3);
    b.node('MEAN', [x, b.int32Const([2], [1, 2])], [m1], { keepDims: true });
    b.node('MEAN', [x, b.int32Const([2], [1, -1])], [m2], { keepDims: false });
    out.push(['MEAN over spatial axes (rescaling) and over H and C (negative axis)', b.build('means', [m1, m2])]);
  }
  {
    const b = new GraphBuilder(10);
    const x = b.input([1, 2, 3, 2], 0.3, 1);
    const z = b.input([1, 2, 3, 5], 0.3, 1);
    const y = b.activation([1, 2, 3, 7], 0.3, 1);
    b.node('CONCATENATION', [x, z], [y], { axis: -1, activation: 'NONE' });
    out.push(['CONCATENATION on the last axis', b.build('concat', [y])]);
  }
  {
    const b = new GraphBuilder(11);
    const x = b.input([2, 17], 0.06, -20);
    const l = b.activation([2, 17], 1 / 256, -128);
    const s = b.activation([2, 17], 1 / 256, -128);
    b.node('LOGISTIC', [x], [l], {});
    b.node('SOFTMAX', [x], [s], { beta: 1 });
    out.push(['LOGISTIC and SOFTMAX on two rows', b.build('logistic_softmax', [l, s])]);
  }
  {
    const b = new GraphBuilder(12);
    const x = b.input([3, 5], 0, 0, 'float32');
    const q = b.activation([3, 5], 0.05, -4);
    const r = b.activation([3, 5], 0.11, 9);
    const d = b.activation([3, 5], 0, 0, 'float32');
    b.node('QUANTIZE', [x], [q], {});
    b.node('QUANTIZE', [q], [r], {});
    b.node('DEQUANTIZE', [r], [d], {});
    out.push(['QUANTIZE float→int8, int8→int8, DEQUANTIZE', b.build('quant_chain', [d])]);
  }
  return out;
}

/** Inputs: full-range bytes for int8; for float32, values spread over ±10 with exact ties. */
function inputsFor(graph: Graph, seed: number): Uint8Array[] {
  return graph.inputs.map((id, k) => {
    const t = graph.tensors[id] as Tensor;
    const bytes = xorshiftBytes(seed * 10 + k, tensorBytes(t));
    if (t.dtype !== 'float32') return bytes;
    const f = new Float32Array(bytes.length / 4).map((_, i) => (((bytes[i] ?? 0) - 128) / 12.8) * (i % 3 === 0 ? 1 : 0.05 * 2.5));
    return new Uint8Array(f.buffer);
  });
}

describe('generated C equals the interpreter on every supported op', () => {
  for (const [title, graph] of cases()) {
    it(title, async () => {
      verifyGraph(graph);
      const build = await buildForHost(graph);
      const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
      for (const seed of [1, 2, 3, 4]) {
        const inputs = inputsFor(graph, seed);
        const expected = interpret(graph, inputs);
        const got = runHost(build, inputs, outputBytes, `s${seed}`);
        got.forEach((bytes, k) => expect(firstDifference(bytes, expected[k] as Uint8Array), `seed ${seed} output ${k}`).toBe(-1));
      }
    });
  }
});
