import * as flatbuffers from 'flatbuffers';

/**
 * Test-only: writes small TFLite flatbuffers with the real `flatbuffers` Builder, so the
 * importer is tested on genuine encodings, including deliberately inconsistent ones.
 * Field slots follow schema.fbs.
 */
export interface TestTensor {
  shape: number[];
  type: number; // TensorType code: 9 int8, 2 int32, 0 float32
  buffer: number;
  name: string;
  scale?: number[];
  zeroPoint?: number[];
  axis?: number;
  /** `is_variable`: state kept between invocations. */
  variable?: boolean;
}

export interface TestOperator {
  opcodeIndex: number;
  inputs: number[];
  outputs: number[];
  /** BuiltinOptions union tag and the int fields of the options table by slot. */
  options?: { tag: number; ints?: Record<number, number>; bytes?: Record<number, number>; floats?: Record<number, number> };
}

export interface TestModel {
  opcodes: Array<{ builtin?: number; deprecated?: number; custom?: string }>;
  tensors: TestTensor[];
  operators: TestOperator[];
  inputs: number[];
  outputs: number[];
  /** Inline data, none, or (the >2 GiB layout) an offset and size into the file. */
  buffers: Array<Uint8Array | undefined | { readonly offset: bigint; readonly size: bigint }>;
  identifier?: string;
}

function intVector(b: flatbuffers.Builder, values: number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i] ?? 0);
  return b.endVector();
}

function offsetVector(b: flatbuffers.Builder, offsets: number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i] ?? 0);
  return b.endVector();
}

function tensor(b: flatbuffers.Builder, t: TestTensor): number {
  const name = b.createString(t.name);
  const shape = intVector(b, t.shape);
  let quant = 0;
  if (t.scale !== undefined) {
    b.startVector(4, t.scale.length, 4);
    for (let i = t.scale.length - 1; i >= 0; i--) b.addFloat32(t.scale[i] ?? 0);
    const scale = b.endVector();
    const zps = t.zeroPoint ?? t.scale.map(() => 0);
    b.startVector(8, zps.length, 8);
    for (let i = zps.length - 1; i >= 0; i--) b.addInt64(BigInt(zps[i] ?? 0));
    const zp = b.endVector();
    b.startObject(7);
    b.addFieldOffset(2, scale, 0);
    b.addFieldOffset(3, zp, 0);
    b.addFieldInt32(6, t.axis ?? 0, 0);
    quant = b.endObject();
  }
  b.startObject(11);
  b.addFieldOffset(0, shape, 0);
  b.addFieldInt8(1, t.type, 0);
  b.addFieldInt32(2, t.buffer, 0);
  b.addFieldOffset(3, name, 0);
  if (quant !== 0) b.addFieldOffset(4, quant, 0);
  if (t.variable === true) b.addFieldInt8(5, 1, 0);
  return b.endObject();
}

function operator(b: flatbuffers.Builder, o: TestOperator): number {
  const inputs = intVector(b, o.inputs);
  const outputs = intVector(b, o.outputs);
  let options = 0;
  if (o.options !== undefined) {
    b.startObject(8);
    for (const [slot, v] of Object.entries(o.options.ints ?? {})) b.addFieldInt32(Number(slot), v, -1);
    for (const [slot, v] of Object.entries(o.options.bytes ?? {})) b.addFieldInt8(Number(slot), v, -1);
    for (const [slot, v] of Object.entries(o.options.floats ?? {})) b.addFieldFloat32(Number(slot), v, -1);
    options = b.endObject();
  }
  b.startObject(14);
  b.addFieldInt32(0, o.opcodeIndex, -1);
  b.addFieldOffset(1, inputs, 0);
  b.addFieldOffset(2, outputs, 0);
  if (o.options !== undefined) {
    b.addFieldInt8(3, o.options.tag, 0);
    b.addFieldOffset(4, options, 0);
  }
  return b.endObject();
}

export function buildTestModel(m: TestModel): Uint8Array {
  const b = new flatbuffers.Builder(1024);
  const buffers = m.buffers.map((data) => {
    const d = data instanceof Uint8Array ? b.createByteVector(data) : 0;
    b.startObject(3);
    if (d !== 0) b.addFieldOffset(0, d, 0);
    if (data !== undefined && !(data instanceof Uint8Array)) {
      b.addFieldInt64(1, data.offset, 0n);
      b.addFieldInt64(2, data.size, 0n);
    }
    return b.endObject();
  });
  const opcodes = m.opcodes.map((c) => {
    const custom = c.custom === undefined ? 0 : b.createString(c.custom);
    b.startObject(4);
    b.addFieldInt8(0, c.deprecated ?? 0, -1);
    if (custom !== 0) b.addFieldOffset(1, custom, 0);
    if (c.builtin !== undefined) b.addFieldInt32(3, c.builtin, -1);
    return b.endObject();
  });
  const tensors = m.tensors.map((t) => tensor(b, t));
  const operators = m.operators.map((o) => operator(b, o));
  const sgName = b.createString('main');
  const tv = offsetVector(b, tensors);
  const iv = intVector(b, m.inputs);
  const ov = intVector(b, m.outputs);
  const opv = offsetVector(b, operators);
  b.startObject(6);
  b.addFieldOffset(0, tv, 0);
  b.addFieldOffset(1, iv, 0);
  b.addFieldOffset(2, ov, 0);
  b.addFieldOffset(3, opv, 0);
  b.addFieldOffset(4, sgName, 0);
  const sg = b.endObject();
  const sgv = offsetVector(b, [sg]);
  const ocv = offsetVector(b, opcodes);
  const bv = offsetVector(b, buffers);
  b.startObject(10);
  b.addFieldInt32(0, 3, -1);
  b.addFieldOffset(1, ocv, 0);
  b.addFieldOffset(2, sgv, 0);
  b.addFieldOffset(4, bv, 0);
  const model = b.endObject();
  b.finish(model, m.identifier ?? 'TFL3');
  return b.asUint8Array().slice();
}

/** An int8 ADD of two [1,4] tensors: the smallest complete model. */
export function addModel(): TestModel {
  const q = (s: number, z: number): Pick<TestTensor, 'scale' | 'zeroPoint'> => ({ scale: [s], zeroPoint: [z] });
  return {
    opcodes: [{ deprecated: 0, builtin: 0 }],
    tensors: [
      { shape: [1, 4], type: 9, buffer: 0, name: 'a', ...q(0.5, 1) },
      { shape: [1, 4], type: 9, buffer: 0, name: 'b', ...q(0.25, -2) },
      { shape: [1, 4], type: 9, buffer: 0, name: 'sum', ...q(0.75, 3) },
    ],
    operators: [{ opcodeIndex: 0, inputs: [0, 1], outputs: [2], options: { tag: 11, bytes: { 0: 0 } } }],
    inputs: [0, 1],
    outputs: [2],
    buffers: [undefined],
  };
}

/**
 * The smallest integer LSTM TFLite writes: input [1, 2 steps, 3], 2 units, int8 weights, int32
 * biases, int8 hidden and int16 cell state (2^-12) as variable tensors, TANH, cell_clip 0.
 * Slot layout as the converter writes it: 24 inputs, absent ones -1.
 */
export function lstmModel(): TestModel {
  const q = (s: number, z = 0): Pick<TestTensor, 'scale' | 'zeroPoint'> => ({ scale: [s], zeroPoint: [z] });
  const tensors: TestTensor[] = [{ shape: [1, 2, 3], type: 9, buffer: 0, name: 'x', ...q(0.05, -3) }];
  const buffers: TestModel['buffers'] = [undefined];
  const constant = (t: Omit<TestTensor, 'buffer'>, data: Uint8Array): number => {
    buffers.push(data);
    return tensors.push({ ...t, buffer: buffers.length - 1 }) - 1;
  };
  const weights = (name: string, shape: number[]): number =>
    constant(
      { shape, type: 9, name, ...q(0.02) },
      new Uint8Array(shape[0]! * shape[1]!).map((_, i) => (i * 37 + name.length * 11) & 0xff),
    );
  const bias = (name: string): number => constant({ shape: [2], type: 2, name, ...q(0.001) }, new Uint8Array(8).fill(1));
  const gates = ['input', 'forget', 'cell', 'output'];
  const wi = gates.map((g) => weights(`${g}_w`, [2, 3]));
  const wr = gates.map((g) => weights(`${g}_r`, [2, 2]));
  const b = gates.map((g) => bias(`${g}_b`));
  const h = tensors.push({ shape: [1, 2], type: 9, buffer: 0, name: 'h', ...q(0.01, 1), variable: true }) - 1;
  const c = tensors.push({ shape: [1, 2], type: 7, buffer: 0, name: 'c', ...q(1 / 4096), variable: true }) - 1;
  const y = tensors.push({ shape: [1, 2, 2], type: 9, buffer: 0, name: 'y', ...q(0.01, 1) }) - 1;
  const inputs = [0, ...wi, ...wr, -1, -1, -1, ...b, -1, -1, h, c, -1, -1, -1, -1];
  return {
    opcodes: [{ deprecated: 44, builtin: 44 }],
    tensors,
    operators: [{ opcodeIndex: 0, inputs, outputs: [y], options: { tag: 71, bytes: { 0: 4 } } }],
    inputs: [0],
    outputs: [y],
    buffers,
  };
}

/**
 * An integer SVDF as TFLite writes it: input [1, 3] int8, 4 filters of memory 2 at rank 2
 * (2 units), int16 time weights and bias, int16 state as a variable tensor, RELU.
 */
export function svdfModel(): TestModel {
  const q = (s: number, z = 0): Pick<TestTensor, 'scale' | 'zeroPoint'> => ({ scale: [s], zeroPoint: [z] });
  return {
    opcodes: [{ deprecated: 27, builtin: 27 }],
    tensors: [
      { shape: [1, 3], type: 9, buffer: 0, name: 'x', ...q(0.05, 1) },
      { shape: [4, 3], type: 9, buffer: 1, name: 'wf', ...q(0.02) },
      { shape: [4, 2], type: 7, buffer: 2, name: 'wt', ...q(0.001) },
      { shape: [2], type: 2, buffer: 3, name: 'b', ...q(0.00001) },
      { shape: [1, 8], type: 7, buffer: 0, name: 's', ...q(0.01), variable: true },
      { shape: [1, 2], type: 9, buffer: 0, name: 'y', ...q(0.1, -2) },
    ],
    operators: [{ opcodeIndex: 0, inputs: [0, 1, 2, 3, 4], outputs: [5], options: { tag: 6, ints: { 0: 2 }, bytes: { 1: 1 } } }],
    inputs: [0],
    outputs: [5],
    buffers: [undefined, new Uint8Array(12).fill(3), new Uint8Array(16).fill(1), new Uint8Array(8).fill(2)],
  };
}
