import { describe, expect, it } from 'vitest';
import { AnvilError, importModel } from '@anvil/core';
import type { ErrorCode } from '@anvil/core';
import { FlatReader, READ_ALLOWANCE, READ_FACTOR } from './flat-reader.js';
import { importTflite } from './import-tflite.js';
import { readModel } from './read-model.js';
import { resolveOps, toGraph } from './to-graph.js';
import { TfliteImporter } from './tflite-importer.js';
import { addModel, buildTestModel } from './test-model-builder.js';
import type { TestModel } from './test-model-builder.js';

function codeOf(fn: () => unknown): ErrorCode | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (e) {
    if (e instanceof AnvilError) return e.code;
    throw e;
  }
}

const verified = (m: TestModel) => () => importModel([new TfliteImporter()], buildTestModel(m), 'm.tflite');

describe('importTflite', () => {
  it('reads tensors, quantization, operators and options of a real flatbuffer', () => {
    const g = importTflite(buildTestModel(addModel()), 'add');
    expect(g.tensors.map((t) => t.name)).toEqual(['a', 'b', 'sum']);
    expect(g.tensors[1]?.quant).toEqual({ scale: [0.25], zeroPoint: [-2], axis: 0 });
    expect(g.nodes).toHaveLength(1);
    expect(g.nodes[0]).toMatchObject({ op: 'ADD', inputs: [0, 1], outputs: [2], attrs: { activation: 'NONE' } });
    expect(g.inputs).toEqual([0, 1]);
    expect(g.outputs).toEqual([2]);
  });

  it('takes the larger of deprecated_builtin_code and builtin_code', () => {
    // Old converters wrote the code only in the byte field; builtin_code then reads as 0 (ADD).
    const m = addModel();
    m.operators[0] = { ...m.operators[0]!, options: { tag: 21, bytes: { 0: 0 } } };
    m.opcodes = [{ deprecated: 18 }]; // MUL, builtin_code absent
    expect(importTflite(buildTestModel(m), 'x').nodes[0]?.op).toBe('MUL');
    m.opcodes = [{ deprecated: 18, builtin: 18 }]; // files that write both
    expect(importTflite(buildTestModel(m), 'x').nodes[0]?.op).toBe('MUL');
    // Codes above 127 put PLACEHOLDER_FOR_GREATER_OP_CODES (127) in the byte field.
    m.opcodes = [{ deprecated: 127, builtin: 153 }];
    expect(() => importTflite(buildTestModel(m), 'x')).toThrow(/UNSORTED_SEGMENT_PROD ×1/);
  });

  it('reports every unsupported operator by name and count in one error', () => {
    const m = addModel();
    m.opcodes = [{ builtin: 0 }, { builtin: 35 }, { builtin: 32, custom: 'ethos-u' }];
    m.operators = [0, 1, 2, 1].map((opcodeIndex) => ({ opcodeIndex, inputs: [0, 1], outputs: [2] }));
    let err: unknown;
    try {
      importTflite(buildTestModel(m), 'x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AnvilError);
    const e = err as AnvilError;
    expect(e.code).toBe('UNSUPPORTED_OPERATORS');
    expect(e.message).toContain('UNIDIRECTIONAL_SEQUENCE_RNN ×2');
    expect(e.message).toContain('CUSTOM:ethos-u ×1');
    expect(e.details['operators']).toEqual({ 'CUSTOM:ethos-u': 1, UNIDIRECTIONAL_SEQUENCE_RNN: 2 });
  });

  it('rejects a wrong identifier, a truncated header and an empty file', () => {
    expect(codeOf(() => importTflite(buildTestModel({ ...addModel(), identifier: 'ONNX' }), 'x'))).toBe('MODEL_BAD_IDENTIFIER');
    expect(codeOf(() => importTflite(new Uint8Array(5), 'x'))).toBe('MODEL_TOO_SMALL');
    expect(codeOf(() => importTflite(new Uint8Array(0), 'x'))).toBe('MODEL_TOO_SMALL');
  });

  it('rejects out-of-range tensor, opcode and buffer indices', () => {
    const badInput = addModel();
    badInput.operators[0] = { ...badInput.operators[0]!, inputs: [0, 7] };
    expect(codeOf(() => importTflite(buildTestModel(badInput), 'x'))).toBe('MODEL_INDEX_OUT_OF_RANGE');
    const badOutput = addModel();
    badOutput.outputs = [-3];
    expect(codeOf(() => importTflite(buildTestModel(badOutput), 'x'))).toBe('MODEL_INDEX_OUT_OF_RANGE');
    const badOpcode = addModel();
    badOpcode.operators[0] = { ...badOpcode.operators[0]!, opcodeIndex: 4 };
    expect(codeOf(() => importTflite(buildTestModel(badOpcode), 'x'))).toBe('MODEL_INDEX_OUT_OF_RANGE');
    const badBuffer = addModel();
    badBuffer.tensors[0] = { ...badBuffer.tensors[0]!, buffer: 99 };
    expect(codeOf(() => importTflite(buildTestModel(badBuffer), 'x'))).toBe('MODEL_INDEX_OUT_OF_RANGE');
  });

  it('rejects a vector whose length runs past the end of the file', () => {
    const bytes = buildTestModel(addModel());
    // The shape vector of tensor "a" is [1, 4]: find its length word (2) followed by 1, 4.
    const view = new DataView(bytes.buffer);
    let at = -1;
    for (let i = 0; i + 12 <= bytes.length; i += 4) {
      if (view.getUint32(i, true) === 2 && view.getInt32(i + 4, true) === 1 && view.getInt32(i + 8, true) === 4) at = i;
    }
    expect(at).toBeGreaterThan(0);
    view.setUint32(at, 0x7fffffff, true);
    expect(codeOf(() => importTflite(bytes, 'x'))).toBe('MODEL_CORRUPT');
  });

  it('rejects a buffer given by offset and size that lies outside the file', () => {
    const m = addModel();
    m.tensors[1] = { ...m.tensors[1]!, buffer: 1 };
    m.buffers = [undefined, { offset: 16n, size: -8n }];
    expect(codeOf(() => importTflite(buildTestModel(m), 'x'))).toBe('MODEL_CORRUPT');
    m.buffers = [undefined, { offset: 16n, size: 1n << 40n }];
    expect(codeOf(() => importTflite(buildTestModel(m), 'x'))).toBe('MODEL_CORRUPT');
  });

  it(`rule: reading a file materialises at most ${READ_FACTOR}× its size (shared offsets cannot make it blow up)`, () => {
    // 4,000 tensors all naming one 64 KiB buffer: a ~0.3 MB file that, read naively, copies
    // 256 MB. Each reference is charged, so the import stops early with a typed error.
    const m = addModel();
    const big = new Uint8Array(64 << 10);
    m.buffers = [undefined, big];
    for (let i = 0; i < 4000; i++) m.tensors.push({ shape: [64 << 10], type: 9, buffer: 1, name: `w${i}`, scale: [1], zeroPoint: [0] });
    const bytes = buildTestModel(m);
    expect(bytes.length).toBeLessThan(1 << 20);
    expect(codeOf(() => importTflite(bytes, 'x'))).toBe('MODEL_CORRUPT');
    // A handful of tensors sharing one buffer (converters deduplicate constants) is fine.
    m.tensors.splice(6);
    expect(importTflite(buildTestModel(m), 'x').tensors[5]?.data?.length).toBe(64 << 10);
  });

  it('charges about one byte per byte of a well-formed file', () => {
    const bytes = buildTestModel(addModel());
    const r = new FlatReader(bytes);
    const model = readModel(r);
    toGraph(r, model, resolveOps(model), 'add');
    expect(r.used).toBeLessThan(2 * bytes.length);
    expect(r.budget).toBe(READ_FACTOR * bytes.length + READ_ALLOWANCE);
  });

  it('rejects constant data whose size disagrees with the shape', () => {
    const m = addModel();
    m.buffers = [undefined, new Uint8Array(3)];
    m.tensors[1] = { ...m.tensors[1]!, buffer: 1 };
    expect(codeOf(verified(m))).toBe('GRAPH_INVALID');
  });

  it('rejects, once verified, a model with no outputs or no inputs (its C API would have empty arrays)', () => {
    expect(codeOf(verified({ ...addModel(), outputs: [] }))).toBe('GRAPH_INVALID');
    expect(codeOf(verified({ ...addModel(), inputs: [] }))).toBe('GRAPH_INVALID');
  });

  it('rejects, once verified, zero points outside the int8 range', () => {
    for (const z of [-32769, 2 ** 31, 128]) {
      const m = addModel();
      m.tensors[1] = { ...m.tensors[1]!, zeroPoint: [z] };
      expect(codeOf(verified(m)), `zero point ${z}`).toBe('OP_QUANTIZATION_INVALID');
    }
  });

  it('rejects shapes that do not agree with the operator', () => {
    const m = addModel();
    m.tensors[1] = { ...m.tensors[1]!, shape: [1, 3] };
    expect(codeOf(verified(m))).toBe('OP_SHAPE_MISMATCH');
  });

  it('rejects unsupported element types and fused activations with a clear code', () => {
    const f16 = addModel();
    f16.tensors[0] = { ...f16.tensors[0]!, type: 1 };
    expect(codeOf(() => importTflite(buildTestModel(f16), 'x'))).toBe('MODEL_UNSUPPORTED_FEATURE');
    const tanh = addModel();
    tanh.operators[0] = { ...tanh.operators[0]!, options: { tag: 11, bytes: { 0: 4 } } };
    expect(codeOf(() => importTflite(buildTestModel(tanh), 'x'))).toBe('MODEL_UNSUPPORTED_FEATURE');
  });

  it('accepts an out-of-range quantized_dimension on a rank-1 per-channel tensor', () => {
    // person_detect stamps axis 3 on its biases; the only axis matching the scale count is 0.
    const m = addModel();
    m.tensors.push({ shape: [2], type: 2, buffer: 0, name: 'bias', scale: [0.1, 0.2], zeroPoint: [0, 0], axis: 3 });
    expect(importTflite(buildTestModel(m), 'x').tensors[3]?.quant?.axis).toBe(0);
  });

  it('claims TFL3 files by identifier and .tflite files by name only', () => {
    const i = new TfliteImporter();
    expect(i.canImport(buildTestModel(addModel()), 'model.bin')).toBe(true);
    expect(i.canImport(new Uint8Array(16), 'model.onnx')).toBe(false);
    expect(i.canImport(new Uint8Array(16), 'model.tflite')).toBe(true);
  });
});
