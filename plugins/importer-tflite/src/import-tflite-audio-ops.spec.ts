import { describe, expect, it } from 'vitest';
import { AnvilError, importModel } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { TfliteImporter } from './tflite-importer.js';
import { buildTestModel } from './test-model-builder.js';
import type { TestModel, TestOperator, TestTensor } from './test-model-builder.js';

// A one-operator model per op of issue 16, written with the flatbuffers Builder: the options
// table in its schema slots, the constants in buffers, read back and verified.

const int8 = (name: string, shape: number[]): TestTensor => ({ shape, type: 9, buffer: 0, name, scale: [0.5], zeroPoint: [1] });

interface Const {
  readonly shape: number[];
  readonly values: number[];
}

/** One operator: `inputs` are int8 activations or int32 constants, in slot order. */
function model(builtin: number, inputs: Array<number[] | Const>, outputs: number[][], options?: TestOperator['options']): TestModel {
  const tensors: TestTensor[] = [];
  const buffers: TestModel['buffers'] = [undefined];
  const graphInputs: number[] = [];
  const ins = inputs.map((x, k) => {
    if (Array.isArray(x)) {
      graphInputs.push(tensors.length);
      tensors.push(int8(`in${k}`, x));
    } else {
      buffers.push(new Uint8Array(new Int32Array(x.values).buffer));
      tensors.push({ shape: x.shape, type: 2, buffer: buffers.length - 1, name: `c${k}` });
    }
    return tensors.length - 1;
  });
  const outs = outputs.map((shape, k) => {
    tensors.push(int8(`out${k}`, shape));
    return tensors.length - 1;
  });
  const op: TestOperator = { opcodeIndex: 0, inputs: ins, outputs: outs, ...(options === undefined ? {} : { options }) };
  return { opcodes: [{ deprecated: builtin, builtin }], tensors, operators: [op], inputs: graphInputs, outputs: outs, buffers };
}

const load = (m: TestModel): Graph => importModel([new TfliteImporter()], buildTestModel(m), 'm.tflite');

function unsupported(m: TestModel): AnvilError {
  try {
    load(m);
  } catch (e) {
    if (e instanceof AnvilError) return e;
    throw e;
  }
  return expect.unreachable('imported') as never;
}

describe('importTflite: the small ops of audio models', () => {
  it('TRANSPOSE (39) with its constant perm', () => {
    const g = load(model(39, [[1, 2, 3], { shape: [3], values: [0, 2, 1] }], [[1, 3, 2]], { tag: 26 }));
    expect(g.nodes[0]).toMatchObject({ op: 'TRANSPOSE', inputs: [0, 1], outputs: [2], attrs: {} });
  });

  it('STRIDED_SLICE (45): begin, end and shrink masks from slots 0, 1 and 4', () => {
    const c = (values: number[]): Const => ({ shape: [2], values });
    // Axis 0 shrunk at 1, axis 1 from a masked begin to 3: [3].
    const m = model(45, [[2, 4], c([1, 2]), c([2, 3]), c([1, 1])], [[3]], { tag: 32, ints: { 0: 2, 1: 0, 4: 1 } });
    expect(load(m).nodes[0]).toMatchObject({ op: 'STRIDED_SLICE', attrs: { beginMask: 2, endMask: 0, shrinkAxisMask: 1 } });
  });

  it('STRIDED_SLICE with ellipsis_mask, new_axis_mask or offset is an unsupported operator naming the option', () => {
    const c = (values: number[]): Const => ({ shape: [2], values });
    const slice = (options: TestOperator['options']) => model(45, [[2, 4], c([0, 0]), c([2, 4]), c([1, 1])], [[2, 4]], options);
    for (const [options, option] of [
      [{ tag: 32, ints: { 2: 1 } }, 'ellipsis_mask'],
      [{ tag: 32, ints: { 3: 2 } }, 'new_axis_mask'],
      [{ tag: 32, bytes: { 5: 1 } }, 'offset'],
    ] as const) {
      const e = unsupported(slice(options));
      expect(e.code).toBe('UNSUPPORTED_OPERATORS');
      expect(e.message).toContain(`STRIDED_SLICE with ${option} ×1`);
    }
  });

  it('SPLIT (49): the axis tensor first, num_splits from slot 0', () => {
    const g = load(
      model(
        49,
        [{ shape: [], values: [1] }, [2, 6]],
        [
          [2, 2],
          [2, 2],
          [2, 2],
        ],
        { tag: 35, ints: { 0: 3 } },
      ),
    );
    expect(g.nodes[0]).toMatchObject({ op: 'SPLIT', inputs: [0, 1], outputs: [2, 3, 4], attrs: { numSplits: 3 } });
  });

  it('PACK (83) and UNPACK (88): count and axis from slots 0 and 1', () => {
    const p = load(model(83, [[3], [3]], [[3, 2]], { tag: 59, ints: { 0: 2, 1: 1 } }));
    expect(p.nodes[0]).toMatchObject({ op: 'PACK', attrs: { count: 2, axis: 1 } });
    const u = load(model(88, [[2, 3]], [[2], [2], [2]], { tag: 64, ints: { 0: 3, 1: 1 } }));
    expect(u.nodes[0]).toMatchObject({ op: 'UNPACK', outputs: [1, 2, 3], attrs: { count: 3, axis: 1 } });
  });

  it('GATHER (36): axis from slot 0; batch_dims other than 0 is an unsupported operator naming it', () => {
    const g = load(model(36, [[4, 3], { shape: [2], values: [3, 0] }], [[4, 2]], { tag: 23, ints: { 0: 1 } }));
    expect(g.nodes[0]).toMatchObject({ op: 'GATHER', attrs: { axis: 1, batchDims: 0 } });
    const e = unsupported(model(36, [[4, 3], { shape: [4, 1], values: [0, 1, 2, 0] }], [[4, 1]], { tag: 23, ints: { 0: 1, 1: 1 } }));
    expect(e.code).toBe('UNSUPPORTED_OPERATORS');
    expect(e.message).toContain('GATHER with batch_dims ×1');
  });

  it('SUB (41) with its fused activation, MINIMUM (57) and MAXIMUM (55)', () => {
    expect(load(model(41, [[2, 3], [3]], [[2, 3]], { tag: 28, bytes: { 0: 1 } })).nodes[0]).toMatchObject({
      op: 'SUB',
      attrs: { activation: 'RELU' },
    });
    expect(load(model(57, [[2, 3], [3]], [[2, 3]], { tag: 39 })).nodes[0]?.op).toBe('MINIMUM');
    expect(load(model(55, [[2, 3], [1]], [[2, 3]])).nodes[0]?.op).toBe('MAXIMUM');
  });

  it('SQUARED_DIFFERENCE (99) and TANH (28), neither with options', () => {
    expect(
      load(
        model(
          99,
          [
            [2, 3],
            [2, 1],
          ],
          [[2, 3]],
          { tag: 76 },
        ),
      ).nodes[0],
    ).toMatchObject({ op: 'SQUARED_DIFFERENCE', attrs: {} });
    const m = model(28, [[4]], [[4]]);
    const out = m.tensors[1] as TestTensor;
    m.tensors[1] = { ...out, scale: [1 / 128], zeroPoint: [0] };
    expect(load(m).nodes[0]).toMatchObject({ op: 'TANH', attrs: {} });
  });

  it('RSQRT (76), no options', () => {
    expect(load(model(76, [[2, 5]], [[2, 5]])).nodes[0]).toMatchObject({ op: 'RSQRT', attrs: {} });
  });
});
