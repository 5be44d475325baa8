import { describe, expect, it } from 'vitest';
import { perTensor } from '@anvil/core';
import type { Graph, KernelEmitContext, Node, NodeOf, Tensor } from '@anvil/core';
import { conv2dParams } from '@anvil/interp';
import { CORTEX_M_TARGETS } from './cortex-m-targets.js';
import { DSP_CONV_VARIANTS, convVariants, convWorkspace, dspPairsTable, emitConv2dSimd, withConvVariant } from './conv-2d-simd.js';
import { DSP, MVE } from './simd-backend.js';

function tensor(id: number, shape: number[], data?: Uint8Array): Tensor {
  return { id, name: `t${id}`, shape, dtype: 'int8', quant: perTensor(0.5, 0), ...(data === undefined ? {} : { data }) };
}

/** x [1,5,5,inC] → CONV_2D k×k SAME → y [1,5,5,outC]. */
function conv(inC: number, outC: number, k: number): { node: NodeOf<'CONV_2D'>; graph: Graph } {
  const w = tensor(
    1,
    [outC, k, k, inC],
    new Uint8Array(outC * k * k * inC).map((_, i) => (i * 7) & 0xff),
  );
  const attrs = { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' };
  const node = { id: 0, op: 'CONV_2D', name: 'n0', inputs: [0, 1, -1], outputs: [2], attrs } as unknown as NodeOf<'CONV_2D'>;
  const graph: Graph = {
    name: 'g',
    tensors: [tensor(0, [1, 5, 5, inC]), w, tensor(2, [1, 5, 5, outC])],
    nodes: [node as Node],
    inputs: [0],
    outputs: [2],
  };
  return { node, graph };
}

function context(graph: Graph, variant?: string): KernelEmitContext & { asked: number[] } {
  const asked: number[] = [];
  const target = CORTEX_M_TARGETS.find((t) => t.name === 'cortex-m4');
  if (target === undefined) throw new Error('no cortex-m4');
  const ctx = {
    graph,
    target,
    functionName: 'f',
    asked,
    weightSymbol: (id: number) => (asked.push(id), `w${id}`),
    stateBuffer: () => {
      throw new Error('no state in this graph');
    },
  };
  return variant === undefined ? ctx : { ...ctx, variant };
}

describe('the DSP convolution kernel variants', () => {
  it('lays two rows out as the halfword pairs SXTB16 makes of each word, interleaved, then their tails alternating', () => {
    // Rows of K = 6: [1, -128, 127, -2 | 5, -7] and [3, 4, -5, 6 | 100, -100].
    // Words: even [1, 127], odd [-128, -2] of row 0, then even [3, -5], odd [4, 6] of row 1.
    const w = Int8Array.from([1, -128, 127, -2, 5, -7, 3, 4, -5, 6, 100, -100]);
    expect(Array.from(dspPairsTable(w, 2, 6))).toEqual([1, 127, -128, -2, 3, -5, 4, 6, 5, 100, -7, -100]);
  });

  it('repeats an odd last row so rows always go in pairs, 2·K entries each', () => {
    // Three rows of K = 5: rows 0 and 1 form a pair, row 2 pairs with itself.
    const w = Int8Array.from([0, 1, 2, 3, 4, -1, -2, -3, -4, -5, 127, -128, 126, -127, 9]);
    expect(Array.from(dspPairsTable(w, 3, 5))).toEqual([
      ...[0, 2, 1, 3, -1, -3, -2, -4, 4, -5],
      ...[127, 126, -128, -127, 127, 126, -128, -127, 9, 9],
    ]);
  });

  it('offers its variants to the DSP kernel only, without pairs-col for one pair of channels', () => {
    expect(DSP_CONV_VARIANTS[0]).toBe('in-place');
    const wide = conv(8, 6, 3);
    const narrow = conv(8, 2, 1);
    expect(convVariants(conv2dParams(wide.node, wide.graph), DSP)).toEqual(['in-place', 'pairs', 'pairs-col']);
    expect(convVariants(conv2dParams(narrow.node, narrow.graph), DSP)).toEqual(['in-place', 'pairs']);
    expect(convVariants(conv2dParams(wide.node, wide.graph), MVE)).toEqual([]);
  });

  it('sizes the workspace per variant: pairs-col adds two pre-extended columns (2·K int16), pointwise too', () => {
    const im2col = conv(7, 4, 3); // K = 63
    const pointwise = conv(7, 4, 1); // K = 7
    expect(convWorkspace(im2col.node, im2col.graph)).toBe(126);
    expect(convWorkspace(im2col.node, im2col.graph, 'in-place')).toBe(126);
    expect(convWorkspace(im2col.node, im2col.graph, 'pairs')).toBe(126);
    expect(convWorkspace(im2col.node, im2col.graph, 'pairs-col')).toBe(126 + 4 * 63);
    expect(convWorkspace(pointwise.node, pointwise.graph, 'pairs')).toBe(0);
    expect(convWorkspace(pointwise.node, pointwise.graph, 'pairs-col')).toBe(4 * 7);
    expect(() => convWorkspace(pointwise.node, pointwise.graph, 'x')).toThrow(
      "unknown conv2d variant 'x' (known: in-place, pairs, pairs-col)",
    );
  });

  it('emits anvil_conv2d_dsp_s8 with the int8 weights in place by default, and anvil_conv2d_dsp_pairs_s8 with only the pairs table for the pairs variants', () => {
    const { node, graph } = conv(8, 3, 3);
    const field = (ps: ReadonlyArray<readonly [string, unknown]>, name: string): unknown => ps.find(([f]) => f === name)?.[1];
    const plain = context(graph);
    const byDefault = emitConv2dSimd(node, plain, DSP);
    expect(field(byDefault.params, 'filter')).toBe('w1');
    expect(field(byDefault.params, 'pairs')).toBeUndefined();
    expect(byDefault.function).toBe('anvil_conv2d_dsp_s8');
    expect(emitConv2dSimd(node, context(graph, 'in-place'), DSP).params).toEqual(byDefault.params);
    for (const [variant, code] of [
      ['pairs', 1],
      ['pairs-col', 2],
    ] as const) {
      const ctx = context(graph, variant);
      const call = emitConv2dSimd(node, ctx, DSP);
      expect(ctx.asked).toEqual([]);
      expect(call.function).toBe('anvil_conv2d_dsp_pairs_s8');
      expect(field(call.params, 'filter')).toBeUndefined();
      expect(field(call.params, 'pairs')).toBe(code);
      const table = field(call.params, 'filter16') as { table: { ctype: string; values: ArrayLike<number>; align: number } };
      expect(table.table.ctype).toBe('int16_t');
      expect(table.table.align).toBe(4);
      expect(table.table.values.length).toBe(4 * 72);
    }
    expect(() => emitConv2dSimd(node, context(graph, 'wide'), DSP)).toThrow(
      "unknown conv2d variant 'wide' (known: in-place, pairs, pairs-col)",
    );
    expect(() => emitConv2dSimd(node, context(graph, 'pairs'), MVE)).toThrow(/DSP kernel only/);
  });

  it('withConvVariant sets or clears the variant and keeps the rest', () => {
    const { graph } = conv(4, 4, 1);
    const ctx = context(graph, 'pairs');
    expect(withConvVariant(ctx, undefined).variant).toBeUndefined();
    expect('variant' in withConvVariant(ctx, undefined)).toBe(false);
    expect(withConvVariant(ctx, 'pairs-col').variant).toBe('pairs-col');
    expect(withConvVariant(ctx, 'pairs-col').weightSymbol(3)).toBe('w3');
  });
});
