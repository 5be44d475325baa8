import { describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import type { DType } from '../ir/dtype.js';
import type { Graph } from '../ir/graph.js';
import type { Quantization } from '../ir/quantization.js';
import type { Tensor } from '../ir/tensor.js';
import { verifyGraph } from '../passes/verify-graph.js';
import { act, twoAdds } from '../testing/tiny-graphs.js';
import { checkTensorQuantization } from './quantization-rules.js';

function codeOf(run: () => void): string {
  try {
    run();
    return 'ok';
  } catch (e) {
    if (e instanceof AnvilError) return e.code;
    throw e;
  }
}

const tensor = (dtype: DType, shape: number[], quant: Quantization): Tensor => ({ id: 0, name: 't', shape, dtype, quant });
const check = (t: Tensor): string => codeOf(() => checkTensorQuantization('NODE', t));
const perTensor = (scale: number, zeroPoint: number): Quantization => ({ scale: [scale], zeroPoint: [zeroPoint], axis: 0 });

describe('checkTensorQuantization', () => {
  it('accepts the parameters real int8 models carry', () => {
    expect(check(tensor('int8', [1, 4], perTensor(0.5, -128)))).toBe('ok');
    expect(check(tensor('int8', [1, 4], perTensor(0.5, 127)))).toBe('ok');
    expect(check(tensor('int8', [2, 3], { scale: [0.1, 0.2], zeroPoint: [0, 0], axis: 0 }))).toBe('ok');
    expect(check(tensor('int32', [2], { scale: [0.1, 0.2], zeroPoint: [0, 0], axis: 0 }))).toBe('ok');
    expect(check({ id: 0, name: 'f', shape: [1], dtype: 'float32' })).toBe('ok');
  });

  it('rule: one zero point per scale', () => {
    expect(check(tensor('int8', [1, 4], { scale: [0.5], zeroPoint: [], axis: 0 }))).toBe('OP_QUANTIZATION_INVALID');
    expect(check(tensor('int8', [2, 4], { scale: [0.5, 0.5], zeroPoint: [0], axis: 0 }))).toBe('OP_QUANTIZATION_INVALID');
  });

  it('rule: scales are finite and > 0', () => {
    for (const s of [0, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(check(tensor('int8', [1, 4], perTensor(s, 0))), `scale ${s}`).toBe('OP_QUANTIZATION_INVALID');
    }
  });

  it('rule: int8 zero points lie in [-128, 127]', () => {
    // -32769 made ADD overflow int32 in the C; 2^31 was printed into the C as is.
    for (const z of [-129, 128, -32769, 2 ** 31, 4294967167]) {
      expect(check(tensor('int8', [1, 4], perTensor(0.5, z))), `zero point ${z}`).toBe('OP_QUANTIZATION_INVALID');
    }
  });

  it('rule: uint8, int16 and int32 zero points lie in their own ranges', () => {
    expect(check(tensor('uint8', [1], perTensor(0.5, 255)))).toBe('ok');
    expect(check(tensor('uint8', [1], perTensor(0.5, -1)))).toBe('OP_QUANTIZATION_INVALID');
    expect(check(tensor('uint8', [1], perTensor(0.5, 256)))).toBe('OP_QUANTIZATION_INVALID');
    expect(check(tensor('int16', [1], perTensor(0.5, 32768)))).toBe('OP_QUANTIZATION_INVALID');
    expect(check(tensor('int32', [1], perTensor(0.5, 2 ** 31)))).toBe('OP_QUANTIZATION_INVALID');
  });

  it('rule: zero points are integers', () => {
    expect(check(tensor('int8', [1, 4], perTensor(0.5, 0.5)))).toBe('OP_QUANTIZATION_INVALID');
  });

  it('rule: per-channel parameters lie on an axis of the tensor, one per index', () => {
    const q = (axis: number): Quantization => ({ scale: [0.1, 0.2], zeroPoint: [0, 0], axis });
    expect(check(tensor('int8', [3, 2], q(1)))).toBe('ok');
    expect(check(tensor('int8', [3, 2], q(2)))).toBe('OP_QUANTIZATION_INVALID');
    expect(check(tensor('int8', [3, 2], q(-1)))).toBe('OP_QUANTIZATION_INVALID');
    expect(check(tensor('int8', [3, 2], q(0)))).toBe('OP_QUANTIZATION_INVALID');
  });
});

describe('verifyGraph applies the quantization rules', () => {
  const withTensor = (g: Graph, t: Tensor): Graph => ({ ...g, tensors: g.tensors.map((u) => (u.id === t.id ? t : u)) });

  it('to every activation a node reads or writes, and names the node', () => {
    const g = twoAdds();
    expect(codeOf(() => verifyGraph(withTensor(g, act(1, [1, 4], 0.5, -32769))))).toBe('OP_QUANTIZATION_INVALID');
    expect(codeOf(() => verifyGraph(withTensor(g, act(2, [1, 4], 0.5, 128))))).toBe('OP_QUANTIZATION_INVALID');
    try {
      verifyGraph(withTensor(g, act(3, [1, 4], 0.5, 2 ** 31)));
      expect.unreachable();
    } catch (e) {
      expect(e instanceof AnvilError && e.message).toMatch(/ADD #1 .*zero point 2147483648, outside the int8 range/);
      expect(e instanceof AnvilError && e.hint.length).toBeGreaterThan(0);
    }
  });

  it('rule: int32 biases have zero point 0 (TFLite quantization spec)', () => {
    const fc = (biasZeroPoint: number): Graph => ({
      name: 'fc',
      tensors: [
        act(0, [1, 2]),
        { id: 1, name: 'w', shape: [3, 2], dtype: 'int8', quant: perTensor(0.1, 0), data: new Uint8Array(6) },
        { id: 2, name: 'b', shape: [3], dtype: 'int32', quant: perTensor(0.05, biasZeroPoint), data: new Uint8Array(12) },
        act(3, [1, 3]),
      ],
      nodes: [
        { id: 0, op: 'FULLY_CONNECTED', name: 'fc', inputs: [0, 1, 2], outputs: [3], attrs: { activation: 'NONE', keepNumDims: false } },
      ],
      inputs: [0],
      outputs: [3],
    });
    expect(codeOf(() => verifyGraph(fc(0)))).toBe('ok');
    expect(codeOf(() => verifyGraph(fc(3)))).toBe('OP_QUANTIZATION_INVALID');
  });
});
