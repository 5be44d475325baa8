import type { Graph, OpType } from '@anvil/core';
import { GraphBuilder } from './graph-builder.js';
import { audioEdgeShapes } from './edge-shapes-audio.js';

/** A graph a conformance kit compiles, builds and compares with the interpreter. */
export interface ConformanceGraph {
  readonly title: string;
  readonly graph: Graph;
}

const convAttrs = { padding: 'SAME', strideH: 2, strideW: 1, dilationH: 1, dilationW: 2, activation: 'RELU6' } as const;

function conv(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(3);
    const x = b.input([1, 7, 9, 3], 0.05, -7);
    const w = b.weights([4, 3, 3, 3], [0.01, 0.02, 0.003, 0.04], 0);
    const y = b.activation([1, 4, 9, 4], 0.09, -128);
    b.node('CONV_2D', [x, w, b.bias([100, -2000, 30000, 5])], [y], convAttrs);
    out.push({ title: 'CONV_2D 3×3 SAME, stride 2×1, dilation 1×2, RELU6, per-channel', graph: b.build('edge_conv_same', [y]) });
  }
  {
    const b = new GraphBuilder(13);
    const x = b.input([1, 4, 4, 8], 0.04, 12);
    const w = b.weights([3, 1, 1, 8], [0.02], 0);
    const y = b.activation([1, 4, 4, 3], 0.07, -3);
    b.node('CONV_2D', [x, w, -1], [y], { padding: 'VALID', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' });
    out.push({ title: 'CONV_2D 1×1 VALID, per-tensor weights, no bias', graph: b.build('edge_conv_1x1', [y]) });
  }
  {
    const b = new GraphBuilder(14);
    const x = b.input([2, 5, 7, 2], 0.08, -1);
    const w = b.weights([5, 2, 3, 2], [0.01, 0.03, 0.02, 0.05, 0.004], 0);
    const y = b.activation([2, 2, 3, 5], 0.1, -128);
    b.node('CONV_2D', [x, w, b.bias([7, -7, 700, -700, 0])], [y], {
      padding: 'VALID',
      strideH: 2,
      strideW: 2,
      dilationH: 1,
      dilationW: 1,
      activation: 'RELU',
    });
    out.push({ title: 'CONV_2D 2×3 VALID, stride 2, two batches, RELU', graph: b.build('edge_conv_batches', [y]) });
  }
  return out;
}

function depthwise(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
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
    out.push({ title: 'DEPTHWISE_CONV_2D multiplier 2, SAME, stride 2, no bias, RELU', graph: b.build('edge_dw_mult2', [y]) });
  }
  {
    const b = new GraphBuilder(15);
    const x = b.input([1, 6, 6, 4], 0.05, -10);
    const w = b.weights([1, 3, 3, 4], [0.03], 3);
    const y = b.activation([1, 2, 2, 4], 0.06, 5);
    b.node('DEPTHWISE_CONV_2D', [x, w, b.bias([50, -50, 5000, -5000])], [y], {
      padding: 'VALID',
      strideH: 1,
      strideW: 1,
      dilationH: 2,
      dilationW: 2,
      depthMultiplier: 1,
      activation: 'RELU6',
    });
    out.push({ title: 'DEPTHWISE_CONV_2D 3×3 VALID, dilation 2, per-tensor weights, RELU6', graph: b.build('edge_dw_dilated', [y]) });
  }
  return out;
}

function fullyConnected(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(5);
    const x = b.input([2, 10], 0.07, 3);
    const w = b.weights([5, 10], [0.02, 0.01, 0.03, 0.005, 0.015], 0);
    const y = b.activation([2, 5], 0.11, -9);
    b.node('FULLY_CONNECTED', [x, w, b.bias([1, 2, 3, -4, 500])], [y], { activation: 'RELU_N1_TO_1', keepNumDims: false });
    out.push({ title: 'FULLY_CONNECTED per-channel, two batches, RELU_N1_TO_1', graph: b.build('edge_fc_per_channel', [y]) });
  }
  {
    const b = new GraphBuilder(16);
    const x = b.input([1, 17], 0.05, -128);
    const w = b.weights([3, 17], [0.01], 0);
    const y = b.activation([1, 3], 0.09, 2);
    b.node('FULLY_CONNECTED', [x, w, -1], [y], { activation: 'NONE', keepNumDims: false });
    out.push({ title: 'FULLY_CONNECTED per-tensor, odd depth, no bias', graph: b.build('edge_fc_per_tensor', [y]) });
  }
  {
    const b = new GraphBuilder(17);
    const x = b.input([1, 1, 1, 24], 0.03, 7);
    const w = b.weights([1, 24], [0.02], 0);
    const y = b.activation([1, 1], 0.05, -20);
    b.node('FULLY_CONNECTED', [x, w, b.bias([-300])], [y], { activation: 'RELU6', keepNumDims: false });
    out.push({ title: 'FULLY_CONNECTED one unit from a 4-D input, RELU6', graph: b.build('edge_fc_one_unit', [y]) });
  }
  return out;
}

function elementwise(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(18);
    const x = b.input([1, 4, 4, 3], 0.06, -3);
    const z = b.input([1, 4, 4, 3], 0.02, 10);
    const y = b.activation([1, 4, 4, 3], 0.07, 2);
    b.node('ADD', [x, z], [y], { activation: 'NONE' });
    out.push({ title: 'ADD of equal shapes, different scales', graph: b.build('edge_add_equal', [y]) });
  }
  {
    const b = new GraphBuilder(19);
    const x = b.input([2, 7], 0.1, 0);
    const z = b.input([2, 7], 0.1, 0);
    const y = b.activation([2, 7], 0.04, -128);
    b.node('ADD', [x, z], [y], { activation: 'RELU6' });
    out.push({ title: 'ADD of equal shapes, same scale, RELU6', graph: b.build('edge_add_relu6', [y]) });
  }
  {
    const b = new GraphBuilder(6);
    const x = b.input([1, 3, 4, 5], 0.06, -3);
    const z = b.input([5], 0.03, 10);
    const y = b.activation([1, 3, 4, 5], 0.08, 2);
    b.node('ADD', [x, z], [y], { activation: 'NONE' });
    out.push({ title: 'ADD broadcasting the last axis', graph: b.build('edge_add_bcast', [y]) });
  }
  {
    const b = new GraphBuilder(20);
    const x = b.input([1, 3, 4, 2], 0.05, 1);
    const y = b.activation([1, 3, 4, 2], 0.06, -4);
    b.node('ADD', [x, b.int8Const([1, 1, 4, 1], [-128, 127, 0, 33], 0.02, 1)], [y], { activation: 'RELU' });
    out.push({ title: 'ADD of a broadcast constant, RELU', graph: b.build('edge_add_const', [y]) });
  }
  {
    const b = new GraphBuilder(21);
    const x = b.input([1, 3, 4, 5], 0.08, 2);
    const m = b.activation([1, 3, 4, 5], 0.01, -5);
    b.node('MUL', [x, b.int8Const([1, 1, 4, 1], [-128, 127, 0, 33], 0.02, 1)], [m], { activation: 'RELU' });
    out.push({ title: 'MUL by a broadcast constant, RELU', graph: b.build('edge_mul_const', [m]) });
  }
  {
    const b = new GraphBuilder(22);
    const x = b.input([1, 2, 3, 4], 0.05, -7);
    const z = b.input([1, 2, 3, 4], 0.04, 9);
    const y = b.activation([1, 2, 3, 4], 0.02, 0);
    b.node('MUL', [x, z], [y], { activation: 'NONE' });
    out.push({ title: 'MUL of equal shapes', graph: b.build('edge_mul_equal', [y]) });
  }
  return out;
}

function pools(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(7);
    const x = b.input([1, 5, 7, 2], 0.5, -1);
    const y = b.activation([1, 3, 4, 2], 0.5, -1);
    b.node('MAX_POOL_2D', [x], [y], { padding: 'SAME', strideH: 2, strideW: 2, filterH: 3, filterW: 2, activation: 'NONE' });
    out.push({ title: 'MAX_POOL_2D 3×2 SAME, stride 2', graph: b.build('edge_maxpool_same', [y]) });
  }
  {
    const b = new GraphBuilder(23);
    const x = b.input([1, 4, 6, 3], 0.02, -20);
    const y = b.activation([1, 2, 3, 3], 0.02, -20);
    b.node('MAX_POOL_2D', [x], [y], { padding: 'VALID', strideH: 2, strideW: 2, filterH: 2, filterW: 2, activation: 'RELU6' });
    out.push({ title: 'MAX_POOL_2D 2×2 VALID, stride 2, RELU6', graph: b.build('edge_maxpool_valid', [y]) });
  }
  {
    const b = new GraphBuilder(24);
    const x = b.input([1, 3, 4, 2], 0.5, -1);
    const y = b.activation([1, 2, 3, 2], 0.5, -1);
    b.node('AVERAGE_POOL_2D', [x], [y], { padding: 'VALID', strideH: 1, strideW: 1, filterH: 2, filterW: 2, activation: 'RELU' });
    out.push({ title: 'AVERAGE_POOL_2D 2×2 VALID, stride 1, RELU', graph: b.build('edge_avgpool_valid', [y]) });
  }
  {
    const b = new GraphBuilder(25);
    const x = b.input([1, 5, 5, 4], 0.1, 3);
    const y = b.activation([1, 3, 3, 4], 0.1, 3);
    b.node('AVERAGE_POOL_2D', [x], [y], { padding: 'SAME', strideH: 2, strideW: 2, filterH: 3, filterW: 3, activation: 'NONE' });
    out.push({ title: 'AVERAGE_POOL_2D 3×3 SAME, stride 2 (fewer taps at the edges)', graph: b.build('edge_avgpool_same', [y]) });
  }
  return out;
}

function dataMovement(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(8);
    const x = b.input([1, 3, 4, 2], 0.1, 5);
    const p = b.activation([1, 5, 7, 2], 0.1, 5);
    b.node('PAD', [x, b.int32Const([4, 2], [0, 0, 1, 1, 2, 1, 0, 0])], [p], {});
    out.push({ title: 'PAD with the zero point on H and W', graph: b.build('edge_pad', [p]) });
  }
  {
    const b = new GraphBuilder(26);
    const x = b.input([1, 5, 7, 2], 0.1, 5);
    const p = b.activation([2, 6, 7, 3], 0.1, 5);
    b.node('PAD', [x, b.int32Const([4, 2], [1, 0, 0, 1, 0, 0, 0, 1]), b.int8Const([], [-77], 0.1, 5)], [p], {});
    out.push({ title: 'PAD with a constant value (PADV2) on batch, H and C', graph: b.build('edge_padv2', [p]) });
  }
  {
    const b = new GraphBuilder(9);
    const x = b.input([1, 4, 6, 3], 0.2, -3);
    const m = b.activation([1, 1, 1, 3], 0.15, 7);
    b.node('MEAN', [x, b.int32Const([2], [1, 2])], [m], { keepDims: true });
    out.push({ title: 'MEAN over H and W with rescaling, keepDims', graph: b.build('edge_mean_spatial', [m]) });
  }
  {
    const b = new GraphBuilder(27);
    const x = b.input([1, 4, 6, 3], 0.2, -3);
    const m = b.activation([1, 6], 0.2, -3);
    b.node('MEAN', [x, b.int32Const([2], [1, -1])], [m], { keepDims: false });
    out.push({ title: 'MEAN over H and C (a negative axis)', graph: b.build('edge_mean_negative_axis', [m]) });
  }
  {
    const b = new GraphBuilder(10);
    const x = b.input([1, 2, 3, 2], 0.3, 1);
    const z = b.input([1, 2, 3, 5], 0.3, 1);
    const y = b.activation([1, 2, 3, 7], 0.3, 1);
    b.node('CONCATENATION', [x, z], [y], { axis: -1, activation: 'NONE' });
    out.push({ title: 'CONCATENATION on the last axis', graph: b.build('edge_concat_last', [y]) });
  }
  {
    const b = new GraphBuilder(28);
    const x = b.input([1, 2, 3, 2], 0.3, 1);
    const z = b.input([1, 1, 3, 2], 0.3, 1);
    const v = b.input([1, 3, 3, 2], 0.3, 1);
    const y = b.activation([1, 6, 3, 2], 0.3, 1);
    b.node('CONCATENATION', [x, z, v], [y], { axis: 1, activation: 'NONE' });
    out.push({ title: 'CONCATENATION of three inputs on axis 1', graph: b.build('edge_concat_three', [y]) });
  }
  return out;
}

function unary(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(11);
    const x = b.input([2, 17], 0.06, -20);
    const l = b.activation([2, 17], 1 / 256, -128);
    b.node('LOGISTIC', [x], [l], {});
    out.push({ title: 'LOGISTIC on two rows', graph: b.build('edge_logistic', [l]) });
  }
  {
    const b = new GraphBuilder(29);
    const x = b.input([2, 17], 0.06, -20);
    const s = b.activation([2, 17], 1 / 256, -128);
    b.node('SOFTMAX', [x], [s], { beta: 1 });
    out.push({ title: 'SOFTMAX on two rows', graph: b.build('edge_softmax', [s]) });
  }
  {
    const b = new GraphBuilder(30);
    const x = b.input([1, 10], 0.2, 3);
    const s = b.activation([1, 10], 1 / 256, -128);
    b.node('SOFTMAX', [x], [s], { beta: 0.5 });
    out.push({ title: 'SOFTMAX with beta 0.5', graph: b.build('edge_softmax_beta', [s]) });
  }
  {
    const b = new GraphBuilder(12);
    const x = b.input([3, 5], 0.05, -4);
    const r = b.activation([3, 5], 0.11, 9);
    b.node('QUANTIZE', [x], [r], {});
    out.push({ title: 'QUANTIZE int8 to int8 (requantize)', graph: b.build('edge_requantize', [r]) });
  }
  {
    const b = new GraphBuilder(31);
    const x = b.input([3, 5], 0.11, 9);
    const d = b.activation([3, 5], 0, 0, 'float32');
    b.node('DEQUANTIZE', [x], [d], {});
    out.push({ title: 'DEQUANTIZE int8 to float32', graph: b.build('edge_dequantize', [d]) });
  }
  {
    // A float input: rounding ties (every third value a multiple of the scale's half) reach QUANTIZE.
    const b = new GraphBuilder(32);
    const x = b.input([3, 5], 0, 0, 'float32');
    const q = b.activation([3, 5], 0.05, -4);
    const r = b.activation([3, 5], 0.11, 9);
    const d = b.activation([3, 5], 0, 0, 'float32');
    b.node('QUANTIZE', [x], [q], {});
    b.node('QUANTIZE', [q], [r], {});
    b.node('DEQUANTIZE', [r], [d], {});
    out.push({ title: 'QUANTIZE float32 to int8, int8 to int8, DEQUANTIZE', graph: b.build('edge_quant_chain', [d]) });
  }
  return out;
}

/** Several ops in a row, so an accelerator can form regions of more than one node (with tensors inside). */
function chains(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(32);
    const x = b.input([1, 4, 4, 8], 0.05, -2);
    const z = b.input([1, 4, 4, 8], 0.03, 6);
    const s = b.activation([1, 4, 4, 8], 0.06, 1);
    const t = b.activation([1, 4, 4, 8], 0.07, -5);
    const y = b.activation([1, 4, 4, 8], 0.08, 3);
    b.node('ADD', [x, z], [s], { activation: 'NONE' });
    b.node('ADD', [s, x], [t], { activation: 'RELU' });
    b.node('ADD', [t, s], [y], { activation: 'NONE' });
    out.push({ title: 'a chain of three ADDs reusing earlier tensors', graph: b.build('edge_chain_add', [y]) });
  }
  {
    const b = new GraphBuilder(33);
    const x = b.input([1, 8, 8, 3], 0.05, -3);
    const c = b.activation([1, 8, 8, 8], 0.08, -128);
    const d = b.activation([1, 4, 4, 8], 0.07, -128);
    const p = b.activation([1, 1, 1, 8], 0.07, -128);
    const y = b.activation([1, 4], 0.1, 4);
    const w = b.weights([8, 3, 3, 3], [0.02], 0);
    b.node('CONV_2D', [x, w, b.bias([10, 20, 30, 40, -10, -20, -30, -40])], [c], {
      padding: 'SAME',
      strideH: 1,
      strideW: 1,
      dilationH: 1,
      dilationW: 1,
      activation: 'RELU6',
    });
    b.node('DEPTHWISE_CONV_2D', [c, b.weights([1, 3, 3, 8], [0.04], 3), -1], [d], {
      padding: 'SAME',
      strideH: 2,
      strideW: 2,
      dilationH: 1,
      dilationW: 1,
      depthMultiplier: 1,
      activation: 'RELU6',
    });
    b.node('AVERAGE_POOL_2D', [d], [p], { padding: 'VALID', strideH: 4, strideW: 4, filterH: 4, filterW: 4, activation: 'NONE' });
    b.node('FULLY_CONNECTED', [p, b.weights([4, 8], [0.03], 0), b.bias([100, -100, 0, 5])], [y], {
      activation: 'NONE',
      keepNumDims: false,
    });
    out.push({ title: 'CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D, FULLY_CONNECTED in a row', graph: b.build('edge_chain_conv', [y]) });
  }
  return out;
}

interface LstmShape {
  readonly seed: number;
  readonly batch: number;
  readonly steps: number;
  readonly inputSize: number;
  readonly units: number;
  readonly timeMajor: boolean;
  readonly cellScale: number;
  readonly cellClip: number;
  readonly inputZp: number;
  readonly hiddenZp: number;
  /** Start from random state instead of zeros. */
  readonly initial: boolean;
}

/** An integer LSTM with four gates of distinct weight scales and random biases. */
function lstmGraph(s: LstmShape, name: string): Graph {
  const b = new GraphBuilder(s.seed);
  const seq = (d: number): number[] => (s.timeMajor ? [s.steps, s.batch, d] : [s.batch, s.steps, d]);
  const x = b.input(seq(s.inputSize), 0.05, s.inputZp);
  const scales = [0.02, 0.011, 0.03, 0.007];
  const inputW = scales.map((sc) => b.weights([s.units, s.inputSize], [sc], 0));
  const recurrentW = scales.map((sc) => b.weights([s.units, s.units], [sc * 1.5], 0));
  const biases = scales.map((_, g) => b.bias(Array.from({ length: s.units }, (_, u) => ((u * 7919 + g * 104729) % 4001) - 2000)));
  const random = (bytes: number): Uint8Array => Uint8Array.from({ length: bytes }, (_, i) => (i * 73 + s.seed * 31) & 0xff);
  const h = b.state([s.batch, s.units], 'int8', 0.01, s.hiddenZp, s.initial ? random(s.batch * s.units) : undefined);
  const c = b.state([s.batch, s.units], 'int16', s.cellScale, 0, s.initial ? random(2 * s.batch * s.units) : undefined);
  const y = b.activation(seq(s.units), 0.01, s.hiddenZp);
  const [fi, ii, ci, oi] = [inputW[1], inputW[0], inputW[2], inputW[3]] as number[];
  const [fr, ir, cr, or] = [recurrentW[1], recurrentW[0], recurrentW[2], recurrentW[3]] as number[];
  const [fb, ib, cb, ob] = [biases[1], biases[0], biases[2], biases[3]] as number[];
  const inputs = [x, ii, fi, ci, oi, ir, fr, cr, or, -1, -1, -1, ib, fb, cb, ob, -1, -1, h, c, -1, -1, -1, -1] as number[];
  b.node('UNIDIRECTIONAL_SEQUENCE_LSTM', inputs, [y], { timeMajor: s.timeMajor, cellClip: s.cellClip });
  return b.build(name, [y]);
}

/** The integer LSTM: batch-major and time-major, several cell-state scales (the tanh rescale's three cases), clip, zero points, initial state. */
function lstm(): ConformanceGraph[] {
  const base = { inputZp: -7, hiddenZp: 3, initial: false, cellClip: 0 };
  return [
    {
      title: 'UNIDIRECTIONAL_SEQUENCE_LSTM batch 2, 3 steps, 5 → 4, cell 2^-11, cell clip 0.75',
      graph: lstmGraph(
        { ...base, seed: 40, batch: 2, steps: 3, inputSize: 5, units: 4, timeMajor: false, cellScale: 2 ** -11, cellClip: 0.75 },
        'edge_lstm_clip',
      ),
    },
    {
      title: 'UNIDIRECTIONAL_SEQUENCE_LSTM time-major, batch 2, 2 steps, 3 → 3, cell 2^-15, initial state',
      graph: lstmGraph(
        {
          ...base,
          seed: 41,
          batch: 2,
          steps: 2,
          inputSize: 3,
          units: 3,
          timeMajor: true,
          cellScale: 2 ** -15,
          inputZp: 0,
          hiddenZp: -5,
          initial: true,
        },
        'edge_lstm_time_major',
      ),
    },
    {
      title: 'UNIDIRECTIONAL_SEQUENCE_LSTM one unit, one feature, 4 steps, cell 2^-12',
      graph: lstmGraph(
        { ...base, seed: 42, batch: 1, steps: 4, inputSize: 1, units: 1, timeMajor: false, cellScale: 2 ** -12 },
        'edge_lstm_tiny',
      ),
    },
  ];
}

/** SVDF with int16 state: rank 2 with bias, zero points and a non-zero start; rank 1, memory 1, no bias. */
function svdf(): ConformanceGraph[] {
  const out: ConformanceGraph[] = [];
  {
    const b = new GraphBuilder(50);
    const [batch, inputSize, filters, memory, rank] = [2, 5, 6, 4, 2];
    const x = b.input([batch, inputSize], 0.05, -3);
    const wf = b.weights([filters, inputSize], [0.02], 0);
    const wt = b.int16Weights([filters, memory], 0.0001);
    const initial = Uint8Array.from({ length: 2 * batch * filters * memory }, (_, i) => (i * 59 + 7) & 0xff);
    const state = b.state([batch, filters * memory], 'int16', 0.004, 0, initial);
    const y = b.activation([batch, filters / rank], 3, 5);
    b.node('SVDF', [x, wf, wt, b.bias([3000, -3000, 120]), state], [y], { rank, activation: 'RELU' });
    out.push({ title: 'SVDF rank 2, memory 4, two batches, bias, initial state', graph: b.build('edge_svdf_rank2', [y]) });
  }
  {
    const b = new GraphBuilder(51);
    const x = b.input([1, 3], 0.1, 0);
    const wf = b.weights([2, 3], [0.03], 0);
    const wt = b.int16Weights([2, 1], 0.00005);
    const state = b.state([1, 2], 'int16', 0.01, 0);
    const y = b.activation([1, 2], 0.02, -4);
    b.node('SVDF', [x, wf, wt, -1, state], [y], { rank: 1, activation: 'NONE' });
    out.push({ title: 'SVDF rank 1, memory 1, no bias', graph: b.build('edge_svdf_memory1', [y]) });
  }
  return out;
}

/**
 * Small int8 graphs per op in shapes that hit the kernels' edges (broadcast, dilation, depth
 * multiplier, padding on all sides, per-tensor and per-channel weights, fused activations),
 * plus two chains. The shapes of the codegen-ops suite, split by op.
 */
export function edgeShapes(): ConformanceGraph[] {
  return [
    ...conv(),
    ...depthwise(),
    ...fullyConnected(),
    ...elementwise(),
    ...pools(),
    ...dataMovement(),
    ...unary(),
    ...lstm(),
    ...svdf(),
    ...chains(),
    ...audioEdgeShapes(),
  ];
}

/** The graphs of `graphs` that contain a node of `op`. */
export function graphsWithOp(graphs: readonly ConformanceGraph[], op: OpType): ConformanceGraph[] {
  return graphs.filter((g) => g.graph.nodes.some((n) => n.op === op));
}
