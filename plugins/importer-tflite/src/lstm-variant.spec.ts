import { describe, expect, it } from 'vitest';
import { AnvilError, importModel } from '@anvil/core';
import { outlineTflite } from './outline-tflite.js';
import { TfliteImporter } from './tflite-importer.js';
import { buildTestModel, lstmModel } from './test-model-builder.js';
import type { TestModel } from './test-model-builder.js';

const load = (m: TestModel) => importModel([new TfliteImporter()], buildTestModel(m), 'm.tflite');

function unsupported(m: TestModel): Record<string, number> {
  try {
    load(m);
  } catch (e) {
    if (e instanceof AnvilError && e.code === 'UNSUPPORTED_OPERATORS') return e.details['operators'] as Record<string, number>;
    throw e;
  }
  throw new Error('the model imported');
}

/** The LSTM model with its operator's inputs, options or a tensor changed. */
function variant(edit: (m: TestModel, inputs: number[]) => void): TestModel {
  const m = lstmModel();
  const inputs = [...m.operators[0]!.inputs];
  edit(m, inputs);
  m.operators[0] = { ...m.operators[0]!, inputs };
  return m;
}

const withOptions = (bytes: Record<number, number>, floats: Record<number, number> = {}): TestModel =>
  variant((m) => {
    m.operators[0] = { ...m.operators[0]!, options: { tag: 71, bytes: { 0: 4, ...bytes }, floats } };
  });

describe('UNIDIRECTIONAL_SEQUENCE_LSTM import', () => {
  it('imports the integer LSTM with its state as persistent tensors and its options', () => {
    const g = load(lstmModel());
    const node = g.nodes[0]!;
    expect(node.op).toBe('UNIDIRECTIONAL_SEQUENCE_LSTM');
    expect(node.attrs).toEqual({ timeMajor: false, cellClip: 0 });
    expect(node.inputs).toHaveLength(24);
    const [h, c] = [node.inputs[18]!, node.inputs[19]!];
    expect([g.tensors[h]?.persistent, g.tensors[c]?.persistent]).toEqual([true, true]);
    // No data in the file: the state starts from zeros, and it is not a constant.
    expect([g.tensors[h]?.data, g.tensors[h]?.initial]).toEqual([undefined, undefined]);
    expect(g.tensors.filter((t) => t.persistent === true)).toHaveLength(2);
  });

  it('keeps a variable tensor’s stored bytes as its initial value, not as constant data', () => {
    const m = lstmModel();
    const c = m.tensors.findIndex((t) => t.name === 'c');
    m.buffers.push(new Uint8Array([1, 0, 255, 255]));
    m.tensors[c] = { ...m.tensors[c]!, buffer: m.buffers.length - 1 };
    const t = load(m).tensors[c]!;
    expect(t.data).toBeUndefined();
    expect([...(t.initial ?? [])]).toEqual([1, 0, 255, 255]);
  });

  it('reads time_major and cell_clip', () => {
    const m = withOptions({ 3: 1 }, { 1: 2.5 });
    m.tensors[0] = { ...m.tensors[0]!, shape: [2, 1, 3] };
    const y = m.tensors.findIndex((t) => t.name === 'y');
    m.tensors[y] = { ...m.tensors[y]!, shape: [2, 1, 2] };
    expect(load(m).nodes[0]?.attrs).toEqual({ timeMajor: true, cellClip: 2.5 });
  });

  it('names each variant it does not run, never importing one as the plain LSTM', () => {
    const name = (v: string): string => `UNIDIRECTIONAL_SEQUENCE_LSTM (${v})`;
    const peephole = variant((_, i) => (i[10] = i[13]!));
    expect(unsupported(peephole)).toEqual({ [name('peephole')]: 1 });
    const projection = variant((_, i) => (i[16] = i[6]!));
    expect(unsupported(projection)).toEqual({ [name('projection')]: 1 });
    const layerNorm = variant((_, i) => (i[21] = i[13]!));
    expect(unsupported(layerNorm)).toEqual({ [name('layer norm')]: 1 });
    const cifg = variant((_, i) => {
      i[1] = -1;
      i[5] = -1;
      i[12] = -1;
    });
    expect(unsupported(cifg)).toEqual({ [name('CIFG')]: 1 });
    expect(unsupported(withOptions({ 0: 1 }))).toEqual({ [name('activation RELU')]: 1 });
    expect(unsupported(withOptions({}, { 2: 3 }))).toEqual({ [name('proj_clip')]: 1 });
    expect(unsupported(withOptions({ 4: 1 }))).toEqual({ [name('asymmetric_quantize_inputs')]: 1 });
    expect(unsupported(withOptions({ 5: 1 }))).toEqual({ [name('diagonal_recurrent_tensors')]: 1 });
  });

  it('names float, hybrid and 16-bit LSTMs by their types', () => {
    const hybrid = variant((m) => (m.tensors[0] = { ...m.tensors[0]!, type: 0 }));
    expect(unsupported(hybrid)).toEqual({ 'UNIDIRECTIONAL_SEQUENCE_LSTM (hybrid)': 1 });
    const float = variant((m) => {
      m.tensors = m.tensors.map((t) => ({ ...t, type: 0 }));
    });
    expect(unsupported(float)).toEqual({ 'UNIDIRECTIONAL_SEQUENCE_LSTM (float32)': 1 });
    const int16 = variant((m) => (m.tensors[0] = { ...m.tensors[0]!, type: 7 }));
    expect(unsupported(int16)).toEqual({ 'UNIDIRECTIONAL_SEQUENCE_LSTM (int16 activations)': 1 });
  });

  it('lists several variants of several nodes in one error', () => {
    const m = variant((mm, i) => {
      i[9] = i[13]!;
      mm.operators[0] = { ...mm.operators[0]!, options: { tag: 71, bytes: { 0: 3 } } };
    });
    expect(unsupported(m)).toEqual({
      'UNIDIRECTIONAL_SEQUENCE_LSTM (activation RELU6)': 1,
      'UNIDIRECTIONAL_SEQUENCE_LSTM (peephole)': 1,
    });
  });
});

describe('UNIDIRECTIONAL_SEQUENCE_LSTM outline', () => {
  it('marks the LSTM supported, and a variant Anvil does not run unsupported', () => {
    expect(outlineTflite(buildTestModel(lstmModel()), 'x').operators.map((o) => o.supported)).toEqual([true]);
    const peephole = variant((_, i) => (i[10] = i[13]!));
    expect(outlineTflite(buildTestModel(peephole), 'x').operators.map((o) => o.supported)).toEqual([false]);
  });
});
