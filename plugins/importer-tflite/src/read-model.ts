import { errors, fail } from '@anvil/core';
import type { FlatReader } from './flat-reader.js';
import { BUILTIN_OPERATOR_NAMES } from './schema/builtin-operators.js';

export const TFLITE_IDENTIFIER = 'TFL3';
/** root offset + identifier */
export const TFLITE_MIN_BYTES = 8;

export interface RawOpcode {
  readonly code: number;
  /** Schema name, or `CUSTOM:<custom_code>`. */
  readonly name: string;
}

export interface RawTensor {
  readonly shape: readonly number[];
  readonly type: number;
  readonly buffer: number;
  readonly name: string;
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  readonly quantizedDimension: number;
  readonly sparse: boolean;
  /** `is_variable`: state the model keeps between invocations (LSTM/SVDF state). */
  readonly variable: boolean;
}

export interface RawOperator {
  readonly opcodeIndex: number;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly optionsType: number;
  /** Position of the builtin options table, or undefined. */
  readonly options: number | undefined;
}

export interface RawSubgraph {
  readonly name: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly operators: readonly RawOperator[];
  /** Position of the SubGraph table, so tensors can be read after the operator check. */
  readonly table: number;
}

export function checkHeader(bytes: Uint8Array): void {
  if (bytes.byteLength < TFLITE_MIN_BYTES) fail(errors.modelTooSmall(bytes.byteLength, TFLITE_MIN_BYTES));
  const id = String.fromCharCode(...bytes.subarray(4, 8));
  if (id !== TFLITE_IDENTIFIER) fail(errors.modelBadIdentifier(id.replace(/[^\x20-\x7e]/g, '?'), TFLITE_IDENTIFIER));
}

/** Old converters wrote only `deprecated_builtin_code` (a byte); the real code is the larger. */
function readOpcode(r: FlatReader, table: number): RawOpcode {
  const deprecated = r.scalarField(table, 0, 'i8', 0, 'OperatorCode.deprecated_builtin_code');
  const builtin = r.scalarField(table, 3, 'i32', 0, 'OperatorCode.builtin_code');
  const code = Math.max(deprecated, builtin);
  const base = BUILTIN_OPERATOR_NAMES.get(code) ?? `UNKNOWN_OPERATOR_${code}`;
  const name = base === 'CUSTOM' ? `CUSTOM:${r.stringField(table, 1, 'OperatorCode.custom_code')}` : base;
  return { code, name };
}

function readOperator(r: FlatReader, table: number): RawOperator {
  const optionsType = r.scalarField(table, 3, 'u8', 0, 'Operator.builtin_options_type');
  return {
    opcodeIndex: r.scalarField(table, 0, 'u32', 0, 'Operator.opcode_index'),
    inputs: r.int32Vector(table, 1, 'Operator.inputs'),
    outputs: r.int32Vector(table, 2, 'Operator.outputs'),
    optionsType,
    options: optionsType === 0 ? undefined : r.tableField(table, 4, 'Operator.builtin_options'),
  };
}

export function readTensor(r: FlatReader, table: number): RawTensor {
  const q = r.tableField(table, 4, 'Tensor.quantization');
  let scale: number[] = [];
  let zeroPoint: number[] = [];
  let quantizedDimension = 0;
  if (q !== undefined) {
    const s = r.vectorField(q, 2, 4, 'QuantizationParameters.scale');
    scale = Array.from({ length: s.length }, (_, i) => r.f32(s.start + 4 * i, 'scale'));
    const z = r.vectorField(q, 3, 8, 'QuantizationParameters.zero_point');
    zeroPoint = Array.from({ length: z.length }, (_, i) => r.i64(z.start + 8 * i, 'zero_point'));
    quantizedDimension = r.scalarField(q, 6, 'i32', 0, 'QuantizationParameters.quantized_dimension');
  }
  return {
    shape: r.int32Vector(table, 0, 'Tensor.shape'),
    type: r.scalarField(table, 1, 'i8', 0, 'Tensor.type'),
    buffer: r.scalarField(table, 2, 'u32', 0, 'Tensor.buffer'),
    name: r.stringField(table, 3, 'Tensor.name'),
    scale,
    zeroPoint,
    quantizedDimension,
    sparse: r.field(table, 6, 'Tensor.sparsity') !== 0,
    variable: r.scalarField(table, 5, 'u8', 0, 'Tensor.is_variable') !== 0,
  };
}

/**
 * A buffer's bytes: inline `data`, or (for models over 2 GiB layout) `offset`/`size` into
 * the file. Empty means "no constant data" (activations point at the empty buffer 0).
 */
export function readBuffer(r: FlatReader, table: number): Uint8Array {
  const span = r.vectorField(table, 0, 1, 'Buffer.data');
  if (span.length > 0) return r.bytes.subarray(span.start, span.start + span.length);
  const f = r.field(table, 1, 'Buffer.offset');
  const offset = f === 0 ? 0 : r.i64(f, 'Buffer.offset');
  if (offset <= 1) return new Uint8Array(0);
  const sf = r.field(table, 2, 'Buffer.size');
  const size = sf === 0 ? 0 : r.i64(sf, 'Buffer.size');
  if (size < 0 || offset + size > r.size) {
    fail(errors.modelCorrupt(`buffer of ${size} bytes at offset ${offset} lies outside the ${r.size}-byte file`));
  }
  r.charge(size, 'Buffer');
  return r.bytes.subarray(offset, offset + size);
}

export interface RawModel {
  readonly version: number;
  readonly opcodes: readonly RawOpcode[];
  readonly subgraph: RawSubgraph;
  /** Positions of the Buffer tables; read on demand. */
  readonly buffers: readonly number[];
}

/** Reads the model's structure, without tensors, so unsupported operators are found first. */
export function readModel(r: FlatReader): RawModel {
  const model = r.root();
  const subgraphs = r.tableVector(model, 2, 'Model.subgraphs');
  const main = subgraphs[0];
  if (main === undefined) fail(errors.modelCorrupt('the model has no subgraph'));
  return {
    version: r.scalarField(model, 0, 'u32', 0, 'Model.version'),
    opcodes: r.tableVector(model, 1, 'Model.operator_codes').map((t) => readOpcode(r, t)),
    subgraph: {
      name: r.stringField(main, 4, 'SubGraph.name'),
      inputs: r.int32Vector(main, 1, 'SubGraph.inputs'),
      outputs: r.int32Vector(main, 2, 'SubGraph.outputs'),
      operators: r.tableVector(main, 3, 'SubGraph.operators').map((t) => readOperator(r, t)),
      table: main,
    },
    buffers: r.tableVector(model, 4, 'Model.buffers'),
  };
}
