import { describe, expect, it } from 'vitest';
import { AnvilError } from '@anvil/core';
import { outlineTflite } from './outline-tflite.js';
import { addModel, buildTestModel } from './test-model-builder.js';

describe('outlineTflite', () => {
  it('lists every operator with its tensors, marking the ones Anvil does not support', () => {
    const m = addModel();
    m.opcodes = [{ builtin: 0 }, { builtin: 35 }, { builtin: 32, custom: 'ethos-u' }];
    m.operators = [0, 1, 2].map((opcodeIndex) => ({ opcodeIndex, inputs: [0, 1], outputs: [2] }));
    const o = outlineTflite(buildTestModel(m), 'x');
    expect(o.format).toBe('tflite');
    expect(o.operators.map((x) => [x.op, x.supported])).toEqual([
      ['ADD', true],
      ['UNIDIRECTIONAL_SEQUENCE_RNN', false],
      ['CUSTOM:ethos-u', false],
    ]);
    const t = m.tensors.map((x, index) => ({ index, name: x.name, shape: x.shape }));
    expect(o.operators[1]?.inputs.map(({ index, name, shape }) => ({ index, name, shape }))).toEqual([t[0], t[1]]);
    expect(o.inputs.map((x) => x.index)).toEqual(m.inputs);
    expect(o.outputs.map((x) => x.index)).toEqual(m.outputs);
    expect(o.outputs[0]?.dtype).toBe('int8');
  });

  it('leaves optional inputs out and names element types Anvil lacks as the file does', () => {
    const m = addModel();
    m.operators = [{ opcodeIndex: 0, inputs: [0, -1, 1], outputs: [2] }];
    (m.tensors[1] as { type: number }).type = 1; // FLOAT16
    const o = outlineTflite(buildTestModel(m), 'x');
    expect(o.operators[0]?.inputs.map((x) => x.index)).toEqual([0, 1]);
    expect(o.operators[0]?.inputs[1]?.dtype).toBe('float16');
  });

  it('refuses a damaged file with a typed error, as the import does', () => {
    expect(() => outlineTflite(new Uint8Array(5), 'x')).toThrow(AnvilError);
    expect(() => outlineTflite(buildTestModel({ ...addModel(), identifier: 'ONNX' }), 'x')).toThrow(AnvilError);
  });
});
