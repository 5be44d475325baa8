import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { AnvilError, importModel } from '@anvil/core';
import type { ErrorCode, Graph } from '@anvil/core';
import { DECODE_ALLOWANCE, DECODE_FACTOR } from './decode-budget.js';
import { AVERAGE_TAP } from './fold-pool.js';
import { importOnnx } from './import-onnx.js';
import { OnnxImporter } from './onnx-importer.js';
import { writeOnnxModel } from './write-model.js';
import type { OnnxModelSpec, OnnxNodeSpec, OnnxTensorSpec } from './write-model.js';

function codeOf(fn: () => unknown): ErrorCode | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (e) {
    if (e instanceof AnvilError) return e.code;
    throw e;
  }
}

function errorOf(fn: () => unknown): AnvilError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnvilError) return e;
    throw e;
  }
  throw new Error('expected an AnvilError');
}

const f32 = (name: string, values: number[]): OnnxTensorSpec => ({
  name,
  dataType: 1,
  dims: values.length === 1 ? [] : [values.length],
  float: values,
});
const i8 = (name: string, dims: number[], values: number[]): OnnxTensorSpec => ({
  name,
  dataType: 3,
  dims,
  raw: new Uint8Array(Int8Array.from(values).buffer),
});
const i32 = (name: string, values: number[]): OnnxTensorSpec => ({ name, dataType: 6, dims: [values.length], int32: values });
const zp8 = (name: string, values: number[]): OnnxTensorSpec => ({
  name,
  dataType: 3,
  dims: values.length === 1 ? [] : [values.length],
  int32: values,
});

/** float x [1,C,H,W] → Q → DQ → `op` (weights behind DQ) → Q → DQ → float y: the QDQ pattern. */
function qdqModel(
  op: OnnxNodeSpec,
  opts: {
    c: number;
    h: number;
    w: number;
    outShape: number[];
    inits: OnnxTensorSpec[];
    extraNodes?: OnnxNodeSpec[];
    outScale?: number;
    outZp?: number;
  },
): OnnxModelSpec {
  return {
    nodes: [
      { op: 'QuantizeLinear', inputs: ['x', 'sx', 'zx'], outputs: ['xq'] },
      { op: 'DequantizeLinear', inputs: ['xq', 'sx', 'zx'], outputs: ['xf'] },
      ...(opts.extraNodes ?? []),
      op,
      { op: 'QuantizeLinear', inputs: ['yf', 'sy', 'zy'], outputs: ['yq'] },
      { op: 'DequantizeLinear', inputs: ['yq', 'sy', 'zy'], outputs: ['y'] },
    ],
    initializers: [f32('sx', [0.05]), zp8('zx', [3]), f32('sy', [opts.outScale ?? 0.1]), zp8('zy', [opts.outZp ?? -128]), ...opts.inits],
    inputs: [{ name: 'x', elemType: 1, dims: [1, opts.c, opts.h, opts.w] }],
    outputs: [{ name: 'y', elemType: 1, dims: opts.outShape }],
  };
}

/** A 2→3 channel 3×3 conv with per-channel weight scales; weight value = a code of its position. */
function convModel(pads: number[] = [1, 1, 1, 1], group = 1, c = 2, m = 3): OnnxModelSpec {
  const perGroup = c / group;
  const weights = Array.from({ length: m * perGroup * 9 }, (_, i) => (i % 100) - 50);
  return qdqModel(
    {
      op: 'Conv',
      inputs: ['xf', 'wf', 'bf'],
      outputs: ['yf'],
      attrs: { group: { i: group }, kernel_shape: { ints: [3, 3] }, pads: { ints: pads } },
    },
    {
      c,
      h: 5,
      w: 5,
      outShape: [1, m, 5, 5],
      inits: [
        i8('w', [m, perGroup, 3, 3], weights),
        f32(
          'sw',
          Array.from({ length: m }, (_, i) => 0.01 * (i + 1)),
        ),
        zp8('zw', new Array<number>(m).fill(0)),
        i32(
          'b',
          Array.from({ length: m }, (_, i) => 100 * i),
        ),
        f32(
          'sb',
          Array.from({ length: m }, (_, i) => Math.fround(0.05 * 0.01 * (i + 1))),
        ),
        i32('zb', new Array<number>(m).fill(0)),
      ],
      extraNodes: [
        { op: 'DequantizeLinear', inputs: ['w', 'sw', 'zw'], outputs: ['wf'], attrs: { axis: { i: 0 } } },
        { op: 'DequantizeLinear', inputs: ['b', 'sb', 'zb'], outputs: ['bf'], attrs: { axis: { i: 0 } } },
      ],
    },
  );
}

const imported = (spec: OnnxModelSpec): Graph => importModel([new OnnxImporter()], writeOnnxModel(spec), 'm.onnx');

describe('importOnnx: QDQ folding', () => {
  it('folds DequantizeLinear → Conv → QuantizeLinear into one CONV_2D with OHWI filters and per-channel scales', () => {
    const g = imported(convModel());
    expect(g.nodes.map((n) => n.op)).toEqual(['CONV_2D']);
    const conv = g.nodes[0]!;
    const [x, w, b] = conv.inputs.map((i) => g.tensors[i]!);
    expect(x!.shape).toEqual([1, 5, 5, 2]); // NCHW input stored NHWC
    expect(x!.quant).toEqual({ scale: [Math.fround(0.05)], zeroPoint: [3], axis: 0 });
    expect(w!.shape).toEqual([3, 3, 3, 2]);
    expect(w!.quant?.axis).toBe(0);
    expect(w!.quant?.scale).toEqual([0.01, 0.02, 0.03].map(Math.fround));
    // ONNX [m, c, kh, kw] element (m=1, c=1, kh=2, kw=0) is at flat 1*18 + 1*9 + 2*3 + 0 = 33.
    const onnxAt = (m: number, c: number, kh: number, kw: number) => ((m * 18 + c * 9 + kh * 3 + kw) % 100) - 50;
    const anvil = new Int8Array(w!.data!.buffer, w!.data!.byteOffset, w!.data!.length);
    expect(anvil[1 * 18 + 2 * 6 + 0 * 2 + 1]).toBe(onnxAt(1, 1, 2, 0));
    expect(new Int32Array(b!.data!.buffer.slice(0))).toEqual(Int32Array.from([0, 100, 200]));
    expect(conv.attrs).toMatchObject({ padding: 'SAME', strideH: 1, strideW: 1, activation: 'NONE' });
    const y = g.tensors[g.outputs[0]!]!;
    expect(y.shape).toEqual([1, 5, 5, 3]);
    expect(y.quant).toEqual({ scale: [Math.fround(0.1)], zeroPoint: [-128], axis: 0 });
    expect(g.source?.['application']).toMatch(/QuantizeLinear .* left to the application/);
    expect(g.source?.['application']).toMatch(/DequantizeLinear .* left to the application/);
  });

  it('rescales a bias whose stored scale is not input × weight scale, and says which tensor and by how much', () => {
    const spec = convModel();
    const inits = spec.initializers.map((t) =>
      t.name === 'sb' ? f32('sb', [0.05 * 0.01, 1.5 * 0.05 * 0.02, 0.05 * 0.03].map(Math.fround)) : t,
    );
    const g = imported({ ...spec, initializers: inits });
    const b = g.tensors[g.nodes[0]!.inputs[2]!]!;
    // Channel 1 holds 100 in units of 1.5 × the product, so 150 in the product's units.
    expect(new Int32Array(b.data!.buffer.slice(0))).toEqual(Int32Array.from([0, 150, 200]));
    expect(g.source?.['notes']).toMatch(/bias "b": stored scale differs from input scale × weight scale by up to 50\.0%/);
    // Scales equal up to float32 rounding leave the integers alone and note nothing.
    expect(imported(convModel()).source?.['notes']).toBeUndefined();
  });

  it('maps group = channels to DEPTHWISE_CONV_2D with [1, kh, kw, M] filters and refuses other groups by name', () => {
    const g = imported(convModel([1, 1, 1, 1], 2, 2, 4));
    expect(g.nodes.map((n) => n.op)).toEqual(['DEPTHWISE_CONV_2D']);
    const w = g.tensors[g.nodes[0]!.inputs[1]!]!;
    expect(w.shape).toEqual([1, 3, 3, 4]);
    expect(w.quant?.axis).toBe(3);
    expect(g.nodes[0]!.attrs).toMatchObject({ depthMultiplier: 2 });
    const e = errorOf(() => imported(convModel([1, 1, 1, 1], 2, 4, 4)));
    expect(e.code).toBe('MODEL_UNSUPPORTED_FEATURE');
    expect(e.message).toMatch(/group 2 with 4 input channels/);
  });

  it('turns pads that are neither SAME nor VALID into an explicit PAD before a VALID conv', () => {
    const g = imported({ ...convModel([0, 0, 2, 2]) });
    expect(g.nodes.map((n) => n.op)).toEqual(['PAD', 'CONV_2D']);
    expect(g.nodes[1]!.attrs).toMatchObject({ padding: 'VALID' });
  });

  it('keeps a trailing float Softmax out of the graph and says so', () => {
    const spec = convModel();
    const nodes = spec.nodes.map((n) => (n.outputs[0] === 'y' ? { ...n, outputs: ['yd'] } : n));
    const g = imported({
      ...spec,
      nodes: [...nodes, { op: 'Softmax', inputs: ['yd'], outputs: ['y'], attrs: { axis: { i: 1 } } }],
      outputs: [{ name: 'y', elemType: 1, dims: [1, 3, 5, 5] }],
    });
    expect(g.nodes.map((n) => n.op)).toEqual(['CONV_2D']);
    expect(g.source?.['application']).toMatch(/float Softmax, both left to the application/);
  });

  it('reports every unsupported operator by name and count in one error', () => {
    const spec = convModel();
    const extra: OnnxNodeSpec[] = [
      { op: 'LSTM', inputs: ['x'], outputs: ['a'] },
      { op: 'LSTM', inputs: ['x'], outputs: ['b'] },
      { op: 'Foo', domain: 'custom.ops', inputs: ['x'], outputs: ['c'] },
    ];
    const e = errorOf(() => importOnnx(writeOnnxModel({ ...spec, nodes: [...spec.nodes, ...extra] }), 'm'));
    expect(e.code).toBe('UNSUPPORTED_OPERATORS');
    expect(e.message).toContain('LSTM ×2');
    expect(e.message).toContain('custom.ops:Foo ×1');
  });

  it('folds a Transpose into the stored layout and refuses one that would move data', () => {
    const spec = convModel();
    // NCHW → NHWC transpose on the conv output, then a reshape to [1, 75]: values must be read NHWC.
    const nodes: OnnxNodeSpec[] = spec.nodes.filter((n) => n.outputs[0] !== 'y');
    const tail: OnnxNodeSpec[] = [
      { op: 'DequantizeLinear', inputs: ['yq', 'sy', 'zy'], outputs: ['yd'] },
      { op: 'Transpose', inputs: ['yd'], outputs: ['yt'], attrs: { perm: { ints: [0, 2, 3, 1] } } },
      { op: 'Reshape', inputs: ['yt', 'shape'], outputs: ['y'] },
    ];
    const inits = [...spec.initializers, { name: 'shape', dataType: 7, dims: [2], int64: [1, 75] }];
    const g = imported({ ...spec, nodes: [...nodes, ...tail], initializers: inits, outputs: [{ name: 'y', elemType: 1, dims: [1, 75] }] });
    expect(g.nodes.map((n) => n.op)).toEqual(['CONV_2D', 'RESHAPE']);
    // Without the Transpose the flatten wants NCHW order, which Anvil's NHWC tensor does not have.
    const noTranspose = [...nodes, { ...tail[0]!, outputs: ['yt'] }, tail[2]!];
    const e = errorOf(() =>
      imported({ ...spec, nodes: noTranspose, initializers: inits, outputs: [{ name: 'y', elemType: 1, dims: [1, 75] }] }),
    );
    expect(e.code).toBe('MODEL_UNSUPPORTED_FEATURE');
    expect(e.message).toMatch(/no transpose operator/);
  });
});

describe('importOnnx: QOperator form', () => {
  it('maps QLinearConv on an int8 graph input, taking the input quantization from the operator', () => {
    const spec: OnnxModelSpec = {
      nodes: [
        {
          op: 'QLinearConv',
          inputs: ['x', 'sx', 'zx', 'w', 'sw', 'zw', 'sy', 'zy', 'b'],
          outputs: ['y'],
          attrs: { kernel_shape: { ints: [1, 1] } },
        },
      ],
      initializers: [
        f32('sx', [0.05]),
        zp8('zx', [3]),
        i8('w', [2, 2, 1, 1], [1, -2, 3, -4]),
        f32('sw', [0.01, 0.02]),
        zp8('zw', [0, 0]),
        f32('sy', [0.1]),
        zp8('zy', [-1]),
        i32('b', [5, -5]),
      ],
      inputs: [{ name: 'x', elemType: 3, dims: [1, 2, 3, 3] }],
      outputs: [{ name: 'y', elemType: 3, dims: [1, 2, 3, 3] }],
    };
    const g = imported(spec);
    expect(g.nodes.map((n) => n.op)).toEqual(['CONV_2D']);
    expect(g.tensors[g.inputs[0]!]!.quant).toEqual({ scale: [Math.fround(0.05)], zeroPoint: [3], axis: 0 });
    expect(g.tensors[g.nodes[0]!.inputs[1]!]!.quant?.scale).toEqual([0.01, 0.02].map(Math.fround));
    expect(g.source?.['application']).toBeUndefined();
  });
});

describe('importOnnx: pooling', () => {
  const pool = (op: string, outScale: number, outZp: number) =>
    qdqModel(
      {
        op,
        inputs: ['xf'],
        outputs: ['yf'],
        attrs: op.startsWith('Global') ? {} : { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } },
      },
      { c: 4, h: 4, w: 4, outShape: op.startsWith('Global') ? [1, 4, 1, 1] : [1, 4, 2, 2], inits: [], outScale, outZp },
    );

  it('keeps the input quantization as AVERAGE_POOL_2D / MAX_POOL_2D', () => {
    expect(imported(pool('AveragePool', 0.05, 3)).nodes.map((n) => n.op)).toEqual(['AVERAGE_POOL_2D']);
    expect(imported(pool('MaxPool', 0.05, 3)).nodes.map((n) => n.op)).toEqual(['MAX_POOL_2D']);
  });

  it('rescales an average with one rounding (a depthwise conv of equal weights) and a max after pooling', () => {
    const avg = imported(pool('GlobalAveragePool', 0.02, -128));
    expect(avg.nodes.map((n) => n.op)).toEqual(['DEPTHWISE_CONV_2D']);
    const w = avg.tensors[avg.nodes[0]!.inputs[1]!]!;
    expect(w.shape).toEqual([1, 4, 4, 4]);
    expect([...w.data!].every((v) => v === AVERAGE_TAP)).toBe(true);
    expect(w.quant?.scale).toEqual([Math.fround(1 / (16 * AVERAGE_TAP))]);
    expect(imported(pool('MaxPool', 0.02, -128)).nodes.map((n) => n.op)).toEqual(['MAX_POOL_2D', 'QUANTIZE']);
  });
});

describe('readModel: a damaged or unusual file is a typed error', () => {
  const good = () => convModel();

  it('rejects empty, truncated and non-protobuf bytes', () => {
    expect(codeOf(() => importOnnx(new Uint8Array(0), 'm'))).toBe('MODEL_TOO_SMALL');
    const bytes = writeOnnxModel(good());
    expect(codeOf(() => importOnnx(bytes.subarray(0, bytes.length - 7), 'm'))).toBe('MODEL_CORRUPT');
    expect(codeOf(() => importOnnx(new TextEncoder().encode('definitely not a protobuf'), 'm'))).toBe('MODEL_CORRUPT');
  });

  it('rejects raw_data whose size disagrees with dims, negative dims and element counts past the limit', () => {
    const withInit = (t: OnnxTensorSpec): OnnxModelSpec => ({
      ...good(),
      initializers: [...good().initializers.filter((i) => i.name !== 'w'), t],
    });
    expect(codeOf(() => importOnnx(writeOnnxModel(withInit(i8('w', [3, 2, 3, 3], new Array(53).fill(0)))), 'm'))).toBe('MODEL_CORRUPT');
    expect(
      codeOf(() => importOnnx(writeOnnxModel(withInit({ name: 'w', dataType: 3, dims: [3, -2, 3, 3], raw: new Uint8Array(54) })), 'm')),
    ).toBe('MODEL_CORRUPT');
    const huge = errorOf(() =>
      importOnnx(writeOnnxModel(withInit({ name: 'w', dataType: 3, dims: [1 << 20, 1 << 20, 1 << 20], raw: new Uint8Array(1) })), 'm'),
    );
    expect(huge.code).toBe('MODEL_CORRUPT');
    expect(huge.message).toMatch(/more than \d+ elements/);
  });

  it('bounds graph input shapes like constants (they size what the import allocates)', () => {
    const huge = { ...good(), inputs: [{ name: 'x', elemType: 1, dims: [1, 4096, 4096, 4096] }] };
    const e = errorOf(() => importOnnx(writeOnnxModel(huge), 'm'));
    expect(e.code).toBe('MODEL_CORRUPT');
    expect(e.message).toMatch(/graph input "x" has more than \d+ elements/);
  });

  it('refuses weights kept in an external file, naming it', () => {
    const spec = {
      ...good(),
      initializers: [
        ...good().initializers.filter((i) => i.name !== 'w'),
        { name: 'w', dataType: 3, dims: [3, 2, 3, 3], externalLocation: 'weights.bin' },
      ],
    };
    const e = errorOf(() => importOnnx(writeOnnxModel(spec), 'm'));
    expect(e.code).toBe('MODEL_UNSUPPORTED_FEATURE');
    expect(e.message).toContain('external file "weights.bin"');
  });

  it('refuses float16 weights and opsets outside the supported range', () => {
    const half = {
      ...good(),
      initializers: [...good().initializers.filter((i) => i.name !== 'w'), { name: 'w', dataType: 10, dims: [1], raw: new Uint8Array(2) }],
    };
    expect(errorOf(() => importOnnx(writeOnnxModel(half), 'm')).message).toMatch(/float16/);
    expect(codeOf(() => importOnnx(writeOnnxModel({ ...good(), opset: 7 }), 'm'))).toBe('MODEL_UNSUPPORTED_FEATURE');
  });

  it(`rule: decoding builds at most ${DECODE_FACTOR}× the file size (plus ${DECODE_ALLOWANCE >> 20} MiB) of objects`, () => {
    // Two million empty NodeProtos: 4 MB of bytes that protobufjs would turn into two million objects.
    const w = protobuf.Writer.create();
    const graph = protobuf.Writer.create();
    for (let i = 0; i < 2_000_000; i++) graph.uint32((1 << 3) | 2).uint32(0);
    const g = graph.finish();
    w.uint32((7 << 3) | 2).bytes(g);
    const e = errorOf(() => importOnnx(w.finish(), 'm'));
    expect(e.code).toBe('MODEL_CORRUPT');
    expect(e.message).toMatch(/more than \d+ bytes of objects/);
  });

  it('turns deeply nested unknown groups into MODEL_CORRUPT, not a stack overflow', () => {
    const bytes = new Uint8Array(1 << 20).fill((31 << 3) | 3); // start-group of field 31, nested a million times
    expect(codeOf(() => importOnnx(bytes, 'm'))).toBe('MODEL_CORRUPT');
  });
});

describe('OnnxImporter', () => {
  it('claims .onnx files by name only', () => {
    const i = new OnnxImporter();
    expect(i.canImport(new Uint8Array(16), 'model.onnx')).toBe(true);
    expect(i.canImport(new Uint8Array(16), 'MODEL.ONNX')).toBe(true);
    expect(i.canImport(new Uint8Array(16), 'model.tflite')).toBe(false);
  });
});
