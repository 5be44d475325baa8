import type { OnnxAttributeSpec, OnnxModelSpec, OnnxNodeSpec, OnnxTensorSpec } from '@anvil/importer-onnx';
import { xorshift32 } from '@anvil/testing';

/**
 * Small int8 ONNX models, one per operator the importer supports, written with protobufjs
 * (the importer's writer) in the two forms onnxruntime's quantizer produces: QDQ (float
 * operators between QuantizeLinear/DequantizeLinear) and QOperator (QLinearConv, QGemm, …).
 * Every model takes float inputs (quantized inside it) and returns its int8 result, so the
 * comparison with onnxruntime is on the int8 tensor itself.
 */
export interface OpCase {
  readonly name: string;
  readonly spec: OnnxModelSpec;
  /** Graph inputs: ONNX name, NCHW dims and the quantization of their QuantizeLinear. */
  readonly inputs: ReadonlyArray<{
    readonly name: string;
    readonly dims: readonly number[];
    readonly scale: number;
    readonly zeroPoint: number;
  }>;
  /**
   * True when exact ties are common: scales in simple ratios, or an average over an even
   * count at one scale. TFLite's integer kernels round a tie away from zero, ONNX to even.
   */
  readonly ties?: boolean;
}

interface Model {
  nodes: OnnxNodeSpec[];
  inits: OnnxTensorSpec[];
}

const f32 = (name: string, values: readonly number[], dims?: readonly number[]): OnnxTensorSpec => ({
  name,
  dataType: 1,
  dims: dims ?? (values.length === 1 ? [] : [values.length]),
  float: values.map(Math.fround),
});
const int8s = (name: string, dims: readonly number[], values: readonly number[]): OnnxTensorSpec => ({
  name,
  dataType: 3,
  dims,
  raw: new Uint8Array(Int8Array.from(values).buffer),
});
const int32s = (name: string, values: readonly number[]): OnnxTensorSpec => ({
  name,
  dataType: 6,
  dims: [values.length],
  raw: new Uint8Array(Int32Array.from(values).buffer),
});
const zeros8 = (name: string, n: number): OnnxTensorSpec => ({ name, dataType: 3, dims: n === 1 ? [] : [n], raw: new Uint8Array(n) });

/** Uniform integers in [lo, hi] from a seeded generator. */
function ints(next: () => number, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => lo + (next() % (hi - lo + 1)));
}

/** A scalar zero point: int8, or uint8 holding the same real 0 (`zp + 128`). */
function zeroPoint(name: string, zp: number, uint8 = false): OnnxTensorSpec {
  return uint8
    ? { name, dataType: 2, dims: [], raw: Uint8Array.of(zp + 128) }
    : { name, dataType: 3, dims: [], raw: new Uint8Array(Int8Array.of(zp).buffer) };
}

/** x → QuantizeLinear → DequantizeLinear → `${x}_f`. */
function quantizedInput(m: Model, x: string, scale: number, zp: number, uint8 = false): string {
  m.inits.push(f32(`${x}_s`, [scale]), zeroPoint(`${x}_z`, zp, uint8));
  m.nodes.push({ op: 'QuantizeLinear', inputs: [x, `${x}_s`, `${x}_z`], outputs: [`${x}_q`] });
  m.nodes.push({ op: 'DequantizeLinear', inputs: [`${x}_q`, `${x}_s`, `${x}_z`], outputs: [`${x}_f`] });
  return `${x}_f`;
}

/** float `y` → QuantizeLinear → int8 graph output `out`. */
function quantizedOutput(m: Model, y: string, out: string, scale: number, zp: number, uint8 = false): void {
  m.inits.push(f32(`${out}_s`, [scale]), zeroPoint(`${out}_z`, zp, uint8));
  m.nodes.push({ op: 'QuantizeLinear', inputs: [y, `${out}_s`, `${out}_z`], outputs: [out] });
}

/** int8 weights behind a DequantizeLinear, per tensor or per channel along `axis`. */
function weights(
  m: Model,
  name: string,
  dims: readonly number[],
  values: readonly number[],
  scales: readonly number[],
  axis: number,
): string {
  m.inits.push(int8s(name, dims, values), f32(`${name}_s`, scales), zeros8(`${name}_z`, scales.length));
  const attrs: Record<string, OnnxAttributeSpec> = scales.length > 1 ? { axis: { i: axis } } : {};
  m.nodes.push({ op: 'DequantizeLinear', inputs: [name, `${name}_s`, `${name}_z`], outputs: [`${name}_f`], attrs });
  return `${name}_f`;
}

/** An int32 bias behind a DequantizeLinear with scale input × weight (per channel). */
function bias(m: Model, name: string, values: readonly number[], scales: readonly number[]): string {
  m.inits.push(int32s(name, values), f32(`${name}_s`, scales), {
    name: `${name}_z`,
    dataType: 6,
    dims: scales.length === 1 ? [] : [scales.length],
    raw: new Uint8Array(4 * scales.length),
  });
  m.nodes.push({
    op: 'DequantizeLinear',
    inputs: [name, `${name}_s`, `${name}_z`],
    outputs: [`${name}_f`],
    attrs: scales.length > 1 ? { axis: { i: 0 } } : {},
  });
  return `${name}_f`;
}

function model(m: Model, inputs: OpCase['inputs'], outDims: readonly number[], opset = 13, extra = false, outType = 3): OnnxModelSpec {
  return {
    opset,
    ...(extra ? { extraOpsets: [{ domain: 'com.microsoft', version: 1 }] } : {}),
    nodes: m.nodes,
    initializers: m.inits,
    inputs: inputs.map((i) => ({ name: i.name, elemType: 1, dims: [...i.dims] })),
    outputs: [{ name: 'y', elemType: outType, dims: [...outDims] }],
  };
}

/** Scales as a calibrating quantizer writes them: arbitrary float32 values, no simple ratios. */
const X_SCALE = 0.0478313;
const B_SCALE = 0.0311879;
const X_ZP = 3;

interface ConvOpts {
  readonly c: number;
  readonly m: number;
  readonly k: number;
  readonly hw: number;
  readonly group?: number;
  readonly stride?: number;
  readonly pads?: readonly number[];
  readonly perChannel: boolean;
  readonly activation?: 'Relu' | 'Clip';
  readonly qoperator?: boolean;
  /** Activations as uint8 (onnxruntime's QUInt8), zero points 128 above the int8 ones. */
  readonly uint8?: boolean;
}

function convOut(o: ConvOpts): number {
  const p = o.pads ?? [0, 0, 0, 0];
  return Math.floor((o.hw + (p[0] ?? 0) + (p[2] ?? 0) - o.k) / (o.stride ?? 1)) + 1;
}

function convCase(name: string, o: ConvOpts, seed: number): OpCase {
  const next = xorshift32(seed);
  const group = o.group ?? 1;
  const perGroup = o.c / group;
  const depth = perGroup * o.k * o.k;
  const wScales = o.perChannel ? Array.from({ length: o.m }, (_, i) => 0.004 + 0.001 * (i % 7)) : [0.006];
  const wv = ints(next, o.m * depth, -127, 127);
  const bScales = Array.from({ length: o.m }, (_, i) => Math.fround(X_SCALE * (wScales[o.perChannel ? i : 0] ?? 0)));
  const bv = ints(next, o.m, -3000, 3000);
  // About 3 standard deviations of the accumulator fill the output's int8 range.
  const outScale = Math.fround((X_SCALE * 0.006 * 73 * 73 * Math.sqrt(depth)) / 40);
  const attrs: Record<string, OnnxAttributeSpec> = {
    kernel_shape: { ints: [o.k, o.k] },
    strides: { ints: [o.stride ?? 1, o.stride ?? 1] },
    pads: { ints: [...(o.pads ?? [0, 0, 0, 0])] },
    group: { i: group },
  };
  const out = convOut(o);
  const m: Model = { nodes: [], inits: [] };
  if (o.qoperator === true) {
    m.inits.push(
      f32('x_s', [X_SCALE]),
      { name: 'x_z', dataType: 3, dims: [], raw: new Uint8Array(Int8Array.of(X_ZP).buffer) },
      int8s('w', [o.m, perGroup, o.k, o.k], wv),
      f32('w_s', wScales),
      zeros8('w_z', wScales.length),
      f32('y_s', [outScale]),
      { name: 'y_z', dataType: 3, dims: [], raw: new Uint8Array(Int8Array.of(-5).buffer) },
      int32s('b', bv),
    );
    m.nodes.push({ op: 'QuantizeLinear', inputs: ['x', 'x_s', 'x_z'], outputs: ['x_q'] });
    m.nodes.push({ op: 'QLinearConv', inputs: ['x_q', 'x_s', 'x_z', 'w', 'w_s', 'w_z', 'y_s', 'y_z', 'b'], outputs: ['y'], attrs });
  } else {
    const x = quantizedInput(m, 'x', X_SCALE, X_ZP, o.uint8);
    const w = weights(m, 'w', [o.m, perGroup, o.k, o.k], wv, wScales, 0);
    const b = bias(m, 'b', bv, o.perChannel ? bScales : [bScales[0] ?? 0]);
    m.nodes.push({ op: 'Conv', inputs: [x, w, b], outputs: ['conv'], attrs });
    let last = 'conv';
    if (o.activation === 'Relu') {
      m.nodes.push({ op: 'Relu', inputs: ['conv'], outputs: ['act'] });
      last = 'act';
    } else if (o.activation === 'Clip') {
      m.inits.push(f32('lo', [0]), f32('hi', [6]));
      m.nodes.push({ op: 'Clip', inputs: ['conv', 'lo', 'hi'], outputs: ['act'] });
      last = 'act';
    }
    quantizedOutput(m, last, 'y', o.activation === undefined ? outScale : outScale / 2, o.activation === undefined ? -5 : -128, o.uint8);
  }
  const inputs = [{ name: 'x', dims: [1, o.c, o.hw, o.hw], scale: X_SCALE, zeroPoint: X_ZP }];
  return { name, spec: model(m, inputs, [1, o.m, out, out], 13, false, o.uint8 === true ? 2 : 3), inputs };
}

function gemmCase(
  name: string,
  o: { k: number; n: number; transB: boolean; perChannel: boolean; op: 'Gemm' | 'MatMul' | 'QGemm' | 'QLinearMatMul' },
  seed: number,
): OpCase {
  const next = xorshift32(seed);
  const wScales = o.perChannel ? Array.from({ length: o.n }, (_, i) => 0.004 + 0.001 * (i % 5)) : [0.006];
  const dims = o.transB ? [o.n, o.k] : [o.k, o.n];
  const wv = ints(next, o.n * o.k, -127, 127);
  const bv = ints(next, o.n, -3000, 3000);
  const outScale = Math.fround((X_SCALE * 0.006 * 73 * 73 * Math.sqrt(o.k)) / 40);
  const axis = o.transB ? 0 : 1;
  const m: Model = { nodes: [], inits: [] };
  const inputs = [{ name: 'x', dims: [1, o.k], scale: X_SCALE, zeroPoint: X_ZP }];
  if (o.op === 'QGemm' || o.op === 'QLinearMatMul') {
    m.inits.push(
      f32('x_s', [X_SCALE]),
      { name: 'x_z', dataType: 3, dims: [], raw: new Uint8Array(Int8Array.of(X_ZP).buffer) },
      int8s('w', dims, wv),
      f32('w_s', wScales),
      zeros8('w_z', wScales.length),
      f32('y_s', [outScale]),
      { name: 'y_z', dataType: 3, dims: [], raw: new Uint8Array(Int8Array.of(2).buffer) },
    );
    m.nodes.push({ op: 'QuantizeLinear', inputs: ['x', 'x_s', 'x_z'], outputs: ['x_q'] });
    if (o.op === 'QGemm') {
      m.inits.push(int32s('b', bv));
      m.nodes.push({
        op: 'QGemm',
        domain: 'com.microsoft',
        inputs: ['x_q', 'x_s', 'x_z', 'w', 'w_s', 'w_z', 'b', 'y_s', 'y_z'],
        outputs: ['y'],
        attrs: { transB: { i: o.transB ? 1 : 0 } },
      });
    } else {
      m.nodes.push({ op: 'QLinearMatMul', inputs: ['x_q', 'x_s', 'x_z', 'w', 'w_s', 'w_z', 'y_s', 'y_z'], outputs: ['y'] });
    }
    return { name, spec: model(m, inputs, [1, o.n], 13, o.op === 'QGemm'), inputs };
  }
  const x = quantizedInput(m, 'x', X_SCALE, X_ZP);
  const w = weights(m, 'w', dims, wv, wScales, axis);
  if (o.op === 'Gemm') {
    const bScales = Array.from({ length: o.n }, (_, i) => Math.fround(X_SCALE * (wScales[o.perChannel ? i : 0] ?? 0)));
    const b = bias(m, 'b', bv, o.perChannel ? bScales : [bScales[0] ?? 0]);
    m.nodes.push({ op: 'Gemm', inputs: [x, w, b], outputs: ['g'], attrs: { transB: { i: o.transB ? 1 : 0 } } });
  } else {
    m.nodes.push({ op: 'MatMul', inputs: [x, w], outputs: ['g'] });
  }
  quantizedOutput(m, 'g', 'y', outScale, 2);
  return { name, spec: model(m, inputs, [1, o.n]), inputs };
}

function poolCase(
  name: string,
  op: string,
  attrs: Record<string, OnnxAttributeSpec>,
  outHw: number,
  outScale: number,
  outZp: number,
  qoperator = false,
  ties = false,
): OpCase {
  const m: Model = { nodes: [], inits: [] };
  const inputs = [{ name: 'x', dims: [1, 8, 12, 12], scale: X_SCALE, zeroPoint: X_ZP }];
  if (qoperator) {
    m.inits.push(
      f32('x_s', [X_SCALE]),
      { name: 'x_z', dataType: 3, dims: [], raw: new Uint8Array(Int8Array.of(X_ZP).buffer) },
      f32('y_s', [outScale]),
      { name: 'y_z', dataType: 3, dims: [], raw: new Uint8Array(Int8Array.of(outZp).buffer) },
    );
    m.nodes.push({ op: 'QuantizeLinear', inputs: ['x', 'x_s', 'x_z'], outputs: ['x_q'] });
    m.nodes.push({ op, domain: 'com.microsoft', inputs: ['x_q', 'x_s', 'x_z', 'y_s', 'y_z'], outputs: ['y'], attrs });
    return { name, spec: model(m, inputs, [1, 8, outHw, outHw], 13, true), inputs, ties };
  }
  const x = quantizedInput(m, 'x', X_SCALE, X_ZP);
  m.nodes.push({ op, inputs: [x], outputs: ['p'], attrs });
  quantizedOutput(m, 'p', 'y', outScale, outZp);
  return { name, spec: model(m, inputs, [1, 8, outHw, outHw]), inputs, ties };
}

function binaryCase(name: string, op: 'Add' | 'Mul' | 'QLinearAdd' | 'QLinearMul', outScale: number, round = false): OpCase {
  const m: Model = { nodes: [], inits: [] };
  const [sa, sb] = round ? [0.05, 0.03] : [X_SCALE, B_SCALE];
  const inputs = [
    { name: 'a', dims: [1, 6, 10, 10], scale: sa, zeroPoint: X_ZP },
    { name: 'b', dims: [1, 6, 10, 10], scale: sb, zeroPoint: -7 },
  ];
  if (op === 'QLinearAdd' || op === 'QLinearMul') {
    for (const i of inputs) {
      m.inits.push(f32(`${i.name}_s`, [i.scale]), {
        name: `${i.name}_z`,
        dataType: 3,
        dims: [],
        raw: new Uint8Array(Int8Array.of(i.zeroPoint).buffer),
      });
      m.nodes.push({ op: 'QuantizeLinear', inputs: [i.name, `${i.name}_s`, `${i.name}_z`], outputs: [`${i.name}_q`] });
    }
    m.inits.push(f32('y_s', [outScale]), { name: 'y_z', dataType: 3, dims: [], raw: new Uint8Array(Int8Array.of(1).buffer) });
    m.nodes.push({ op, domain: 'com.microsoft', inputs: ['a_q', 'a_s', 'a_z', 'b_q', 'b_s', 'b_z', 'y_s', 'y_z'], outputs: ['y'] });
    return { name, spec: model(m, inputs, [1, 6, 10, 10], 13, true), inputs, ties: round };
  }
  const a = quantizedInput(m, 'a', sa, X_ZP);
  const b = quantizedInput(m, 'b', sb, -7);
  m.nodes.push({ op, inputs: [a, b], outputs: ['s'] });
  quantizedOutput(m, 's', 'y', outScale, 1);
  return { name, spec: model(m, inputs, [1, 6, 10, 10]), inputs, ties: round };
}

function concatCase(round: boolean): OpCase {
  const m: Model = { nodes: [], inits: [] };
  const [sa, sb, sy] = round ? [0.05, 0.03, 0.04] : [X_SCALE, B_SCALE, 0.0401771];
  const inputs = [
    { name: 'a', dims: [1, 3, 6, 6], scale: sa, zeroPoint: X_ZP },
    { name: 'b', dims: [1, 5, 6, 6], scale: sb, zeroPoint: -7 },
  ];
  const a = quantizedInput(m, 'a', sa, X_ZP);
  const b = quantizedInput(m, 'b', sb, -7);
  m.nodes.push({ op: 'Concat', inputs: [a, b], outputs: ['c'], attrs: { axis: { i: 1 } } });
  quantizedOutput(m, 'c', 'y', sy, 0);
  const scales = round ? 'scales 0.05, 0.03 → 0.04' : 'calibrated scales';
  return { name: `Concat (channels, inputs requantized; ${scales})`, spec: model(m, inputs, [1, 8, 6, 6]), inputs, ties: round };
}

/** QOperator form as onnxruntime writes it around pooling and concat: MaxPool on int8, then QLinearConcat. */
function qlinearConcatCase(): OpCase {
  const m: Model = { nodes: [], inits: [] };
  const inputs = [
    { name: 'a', dims: [1, 3, 12, 12], scale: X_SCALE, zeroPoint: X_ZP },
    { name: 'b', dims: [1, 5, 6, 6], scale: B_SCALE, zeroPoint: -7 },
  ];
  for (const i of inputs) {
    m.inits.push(f32(`${i.name}_s`, [i.scale]), zeroPoint(`${i.name}_z`, i.zeroPoint));
    m.nodes.push({ op: 'QuantizeLinear', inputs: [i.name, `${i.name}_s`, `${i.name}_z`], outputs: [`${i.name}_q`] });
  }
  m.nodes.push({ op: 'MaxPool', inputs: ['a_q'], outputs: ['a_p'], attrs: { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } } });
  m.inits.push(f32('y_s', [0.0401771]), zeroPoint('y_z', 0));
  m.nodes.push({
    op: 'QLinearConcat',
    domain: 'com.microsoft',
    inputs: ['y_s', 'y_z', 'a_p', 'a_s', 'a_z', 'b_q', 'b_s', 'b_z'],
    outputs: ['y'],
    attrs: { axis: { i: 1 } },
  });
  return { name: 'MaxPool on int8 → QLinearConcat (QOperator)', spec: model(m, inputs, [1, 8, 6, 6], 13, true), inputs };
}

/** Conv → Transpose(NHWC) → Reshape → Gemm: layout operators folded between two QDQ groups. */
function layoutCase(): OpCase {
  const next = xorshift32(99);
  const m: Model = { nodes: [], inits: [] };
  const inputs = [{ name: 'x', dims: [1, 4, 5, 5], scale: X_SCALE, zeroPoint: X_ZP }];
  const x = quantizedInput(m, 'x', X_SCALE, X_ZP);
  const w = weights(m, 'w', [6, 4, 3, 3], ints(next, 6 * 36, -127, 127), [0.006], 0);
  m.nodes.push({ op: 'Conv', inputs: [x, w], outputs: ['conv'], attrs: { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } } });
  const convScale = Math.fround((X_SCALE * 0.006 * 73 * 73 * 6) / 40);
  quantizedOutput(m, 'conv', 'cq', convScale, 0);
  m.nodes.push({ op: 'DequantizeLinear', inputs: ['cq', 'cq_s', 'cq_z'], outputs: ['cf'] });
  m.nodes.push({ op: 'Transpose', inputs: ['cf'], outputs: ['ct'], attrs: { perm: { ints: [0, 2, 3, 1] } } });
  m.inits.push({ name: 'shape', dataType: 7, dims: [2], int64: [1, 150] });
  m.nodes.push({ op: 'Reshape', inputs: ['ct', 'shape'], outputs: ['flat'] });
  const g = weights(m, 'g', [10, 150], ints(next, 1500, -127, 127), [0.005], 0);
  m.nodes.push({ op: 'Gemm', inputs: ['flat', g], outputs: ['fc'], attrs: { transB: { i: 1 } } });
  quantizedOutput(m, 'fc', 'y', Math.fround((convScale * 0.005 * 73 * 73 * Math.sqrt(150)) / 40), 0);
  return { name: 'Conv → Transpose → Reshape → Gemm (layout folded)', spec: model(m, inputs, [1, 10]), inputs };
}

export function opCases(): OpCase[] {
  return [
    convCase('Conv per-tensor 3×3 SAME', { c: 3, m: 8, k: 3, hw: 12, pads: [1, 1, 1, 1], perChannel: false }, 1),
    convCase(
      'Conv per-channel 3×3 stride 2, asymmetric pads (PAD)',
      { c: 4, m: 16, k: 3, hw: 13, stride: 2, pads: [0, 0, 2, 2], perChannel: true },
      2,
    ),
    convCase('Conv per-channel 1×1', { c: 16, m: 24, k: 1, hw: 8, perChannel: true }, 3),
    convCase(
      'Conv per-channel, uint8 activations (QUInt8)',
      { c: 4, m: 8, k: 3, hw: 10, pads: [1, 1, 1, 1], perChannel: true, uint8: true },
      15,
    ),
    convCase('Conv + Relu (fused)', { c: 4, m: 8, k: 3, hw: 10, pads: [1, 1, 1, 1], perChannel: true, activation: 'Relu' }, 4),
    convCase('Conv + Clip(0, 6) (fused RELU6)', { c: 4, m: 8, k: 3, hw: 10, pads: [1, 1, 1, 1], perChannel: true, activation: 'Clip' }, 5),
    convCase('Depthwise (group = C) per-channel', { c: 16, m: 16, k: 3, hw: 12, group: 16, pads: [1, 1, 1, 1], perChannel: true }, 6),
    convCase(
      'Depthwise multiplier 2 per-channel stride 2',
      { c: 8, m: 16, k: 3, hw: 12, group: 8, stride: 2, pads: [1, 1, 1, 1], perChannel: true },
      7,
    ),
    gemmCase('Gemm transB = 1 per-channel', { k: 128, n: 64, transB: true, perChannel: true, op: 'Gemm' }, 8),
    gemmCase('Gemm transB = 0 per-tensor', { k: 96, n: 80, transB: false, perChannel: false, op: 'Gemm' }, 9),
    gemmCase('MatMul per-tensor', { k: 64, n: 72, transB: false, perChannel: false, op: 'MatMul' }, 10),
    poolCase(
      'AveragePool 3×3 stride 3 (same quantization)',
      'AveragePool',
      { kernel_shape: { ints: [3, 3] }, strides: { ints: [3, 3] } },
      4,
      X_SCALE,
      X_ZP,
    ),
    poolCase(
      'AveragePool 2×2 (same quantization, even count)',
      'AveragePool',
      { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } },
      6,
      X_SCALE,
      X_ZP,
      false,
      true,
    ),
    poolCase(
      'AveragePool 3×3 SAME (padding not counted: even counts at borders)',
      'AveragePool',
      { kernel_shape: { ints: [3, 3] }, strides: { ints: [1, 1] }, pads: { ints: [1, 1, 1, 1] } },
      12,
      X_SCALE,
      X_ZP,
      false,
      true,
    ),
    poolCase(
      'AveragePool 3×3 stride 3 rescaled',
      'AveragePool',
      { kernel_shape: { ints: [3, 3] }, strides: { ints: [3, 3] } },
      4,
      0.0213977,
      -20,
    ),
    poolCase('AveragePool 2×2 rescaled', 'AveragePool', { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }, 6, 0.0307713, -20),
    poolCase('GlobalAveragePool rescaled', 'GlobalAveragePool', {}, 1, 0.0103389, -10),
    poolCase('MaxPool 2×2 (same quantization)', 'MaxPool', { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }, 6, X_SCALE, X_ZP),
    poolCase(
      'MaxPool 3×3 stride 2 SAME rescaled',
      'MaxPool',
      { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, auto_pad: { s: 'SAME_UPPER' } },
      6,
      0.0691233,
      11,
    ),
    binaryCase('Add', 'Add', 0.0612347),
    binaryCase('Add (scales 0.05 + 0.03 → 0.06)', 'Add', 0.06, true),
    binaryCase('Mul', 'Mul', 0.0511023),
    concatCase(false),
    concatCase(true),
    layoutCase(),
    convCase('QLinearConv per-channel', { c: 4, m: 12, k: 3, hw: 10, pads: [1, 1, 1, 1], perChannel: true, qoperator: true }, 11),
    convCase('QLinearConv depthwise', { c: 8, m: 8, k: 3, hw: 10, group: 8, pads: [1, 1, 1, 1], perChannel: true, qoperator: true }, 12),
    gemmCase('QGemm transB = 1 per-channel', { k: 128, n: 48, transB: true, perChannel: true, op: 'QGemm' }, 13),
    gemmCase('QLinearMatMul per-tensor', { k: 64, n: 40, transB: false, perChannel: false, op: 'QLinearMatMul' }, 14),
    binaryCase('QLinearAdd', 'QLinearAdd', 0.0612347),
    binaryCase('QLinearMul', 'QLinearMul', 0.0511023),
    poolCase('QLinearGlobalAveragePool', 'QLinearGlobalAveragePool', {}, 1, 0.0103389, -10, true),
    qlinearConcatCase(),
  ];
}
