import { describe, expect, it } from 'vitest';
import { AnvilError, importModel } from '@anvil/core';
import { TfliteImporter } from './tflite-importer.js';
import { buildTestModel, svdfModel } from './test-model-builder.js';
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

const withOptions = (ints: Record<number, number>, bytes: Record<number, number>): TestModel => {
  const m = svdfModel();
  m.operators[0] = { ...m.operators[0]!, options: { tag: 6, ints, bytes } };
  return m;
};

describe('SVDF import', () => {
  it('imports the integer SVDF with its state persistent and its rank and activation', () => {
    const g = load(svdfModel());
    expect(g.nodes[0]).toMatchObject({ op: 'SVDF', attrs: { rank: 2, activation: 'RELU' } });
    expect(g.tensors[4]).toMatchObject({ persistent: true, dtype: 'int16' });
    expect(g.tensors[4]?.data).toBeUndefined();
  });

  it('names the variants it does not run', () => {
    expect(unsupported(withOptions({ 0: 2 }, { 1: 3 }))).toEqual({ 'SVDF (activation RELU6)': 1 });
    expect(unsupported(withOptions({ 0: 2 }, { 1: 1, 2: 1 }))).toEqual({ 'SVDF (asymmetric_quantize_inputs)': 1 });
    const int8State = svdfModel();
    int8State.tensors[4] = { ...int8State.tensors[4]!, type: 9 };
    expect(unsupported(int8State)).toEqual({ 'SVDF (int8 state)': 1 });
    const hybrid = svdfModel();
    hybrid.tensors[0] = { ...hybrid.tensors[0]!, type: 0 };
    expect(unsupported(hybrid)).toEqual({ 'SVDF (hybrid)': 1 });
  });
});
