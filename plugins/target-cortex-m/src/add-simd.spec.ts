import { describe, expect, it } from 'vitest';
import { chooseStrategy, perTensor } from '@anvil/core';
import type { Graph, KernelEmitContext, Node, NodeOf, Tensor } from '@anvil/core';
import { PORTABLE_STRATEGIES } from '@anvil/codegen-c';
import { addParams } from '@anvil/interp';
import { addQuantizationExact, addSupported, emitAddSimd } from './add-simd.js';
import { CORTEX_M_TARGETS } from './cortex-m-targets.js';
import { DSP, MVE } from './simd-backend.js';
import { CORTEX_M_STRATEGIES } from './strategies.js';

const target = (name: string) => CORTEX_M_TARGETS.find((t) => t.name === name) as (typeof CORTEX_M_TARGETS)[number];
const ALL = [...CORTEX_M_STRATEGIES, ...PORTABLE_STRATEGIES];

interface Operand {
  readonly shape: number[];
  readonly scale?: number;
  readonly zp?: number;
  readonly dtype?: Tensor['dtype'];
}

function tensor(id: number, o: Operand): Tensor {
  const dtype = o.dtype ?? 'int8';
  return {
    id,
    name: `t${id}`,
    shape: o.shape,
    dtype,
    ...(dtype === 'int8' ? { quant: perTensor(o.scale ?? 0.05, o.zp ?? 0) } : {}),
  } as Tensor;
}

/** y = x1 + x2. */
function graph(x1: Operand, x2: Operand, y: Operand, activation = 'NONE'): Graph {
  const node = { id: 0, op: 'ADD', name: 'add0', inputs: [0, 1], outputs: [2], attrs: { activation } } as unknown as Node;
  return { name: 'g', tensors: [tensor(0, x1), tensor(1, x2), tensor(2, y)], nodes: [node], inputs: [0, 1], outputs: [2] };
}

const add = (g: Graph): NodeOf<'ADD'> => g.nodes[0] as NodeOf<'ADD'>;
const chosen = (g: Graph, t: string): string => chooseStrategy(ALL, g.nodes[0] as Node, g, target(t)).name;

const residual = graph(
  { shape: [1, 7, 5, 3], scale: 0.06, zp: -3 },
  { shape: [1, 7, 5, 3], scale: 0.02, zp: 10 },
  { shape: [1, 7, 5, 3], scale: 0.07, zp: 2 },
);

describe('addSupported', () => {
  it('claims int8 ADDs of equal shapes, and of equal element counts in another rank', () => {
    expect(addSupported(add(residual), residual)).toBe(true);
    const ranks = graph({ shape: [7, 5, 3] }, { shape: [1, 105] }, { shape: [1, 7, 5, 3], scale: 0.1 });
    expect(addSupported(add(ranks), ranks)).toBe(true);
    const relu = graph({ shape: [2, 9] }, { shape: [2, 9], scale: 0.05 }, { shape: [2, 9], scale: 0.1, zp: -128 }, 'RELU');
    expect(addSupported(add(relu), relu)).toBe(true);
  });

  it('declines broadcasting, whichever input broadcasts', () => {
    const last = graph({ shape: [1, 3, 4, 5] }, { shape: [5] }, { shape: [1, 3, 4, 5], scale: 0.1 });
    expect(addSupported(add(last), last)).toBe(false);
    const first = graph({ shape: [1, 1, 4, 1] }, { shape: [1, 3, 4, 5] }, { shape: [1, 3, 4, 5], scale: 0.1 });
    expect(addSupported(add(first), first)).toBe(false);
  });

  it('declines other types', () => {
    const f = graph({ shape: [4], dtype: 'float32' }, { shape: [4], dtype: 'float32' }, { shape: [4], dtype: 'float32' });
    expect(addSupported(add(f), f)).toBe(false);
    const mixed = graph({ shape: [4] }, { shape: [4], dtype: 'float32' }, { shape: [4] });
    expect(addSupported(add(mixed), mixed)).toBe(false);
  });

  it('declines, without throwing, scales TFLite rejects (the portable emitter reports them)', () => {
    // The output rescale 2·0.05 / (2^20 · 1e-8) is above 1.
    const bad = graph({ shape: [4] }, { shape: [4] }, { shape: [4], scale: 1e-8 });
    expect(() => addParams(add(bad), bad)).toThrow();
    expect(addSupported(add(bad), bad)).toBe(false);
  });

  it('holds the kernels to the parameters they compute exactly', () => {
    const p = addParams(add(residual), residual);
    expect(addQuantizationExact(p)).toBe(true);
    // The input of the larger scale rescales by exactly 1/2: the kernels' multiply-free path.
    expect([p.input1Multiplier, p.input1Shift]).toEqual([2 ** 30, 0]);
    expect(addQuantizationExact({ ...p, input2Multiplier: -(2 ** 31) })).toBe(false);
    expect(addQuantizationExact({ ...p, outputMultiplier: -5 })).toBe(false);
    expect(addQuantizationExact({ ...p, outputShift: 1 })).toBe(false);
    expect(addQuantizationExact({ ...p, input1Shift: -32 })).toBe(false);
    expect(addQuantizationExact({ ...p, leftShift: 21 })).toBe(false);
    expect(addQuantizationExact({ ...p, leftShift: 0 })).toBe(false);
    expect(addQuantizationExact({ ...p, outputShift: 0 })).toBe(true);
  });
});

describe('the Cortex-M ADD strategies', () => {
  it('win over portable C on the M4 and M7 (DSP) and the M55 (Helium); the M3 keeps portable C', () => {
    for (const t of ['cortex-m4', 'cortex-m7', 'cortex-m33']) expect(chosen(residual, t)).toBe('cortex-m-dsp/add_s8');
    expect(chosen(residual, 'cortex-m55')).toBe('cortex-m-mve/add_s8');
    expect(chosen(residual, 'cortex-m3')).toBe('portable-c/add_s8');
    const bcast = graph({ shape: [1, 3, 4, 5] }, { shape: [5] }, { shape: [1, 3, 4, 5], scale: 0.1 });
    expect(chosen(bcast, 'cortex-m4')).toBe('portable-c/add_s8');
    expect(chosen(bcast, 'cortex-m55')).toBe('portable-c/add_s8');
  });

  it('emit a flat call with every parameter structural', () => {
    const ctx = {
      graph: residual,
      target: target('cortex-m55'),
      functionName: 'f',
      weightSymbol: () => '',
      stateBuffer: () => {
        throw new Error('no state in this graph');
      },
    } as KernelEmitContext;
    const p = addParams(add(residual), residual);
    for (const isa of [DSP, MVE]) {
      const call = emitAddSimd(add(residual), ctx, isa);
      expect(call.function).toBe(`anvil_add_${isa.isa}_s8`);
      expect(call.operands).toEqual([0, 1]);
      const params = Object.fromEntries(call.params);
      expect(params).toEqual({
        size: 105,
        left_shift: 20,
        input1_offset: 3,
        input1_multiplier: p.input1Multiplier,
        input1_shift: p.input1Shift,
        input2_offset: -10,
        input2_multiplier: p.input2Multiplier,
        input2_shift: p.input2Shift,
        output_offset: 2,
        output_multiplier: p.outputMultiplier,
        output_shift: p.outputShift,
        act_min: -128,
        act_max: 127,
      });
    }
  });
});
