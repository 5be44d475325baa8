import { describe, expect, it } from 'vitest';
import { chooseStrategy, perTensor } from '@anvil/core';
import type { Graph, KernelStrategy, Node, Target, Tensor } from '@anvil/core';
import { PORTABLE_STRATEGIES } from '@anvil/codegen-c';
import { RISCV_TARGETS } from '../riscv-targets.js';
import { RISCV_SCALAR_STRATEGIES, RV32_PRIORITY } from './strategies.js';

const ALL = [...RISCV_SCALAR_STRATEGIES, ...PORTABLE_STRATEGIES];

function target(name: string): Target {
  const t = RISCV_TARGETS.find((x) => x.name === name);
  if (t === undefined) throw new Error(`no target ${name}`);
  return t;
}

function tensor(id: number, shape: number[], dtype: Tensor['dtype'] = 'int8', data?: Uint8Array, zeroPoint = 0): Tensor {
  return { id, name: `t${id}`, shape, dtype, quant: perTensor(0.5, zeroPoint), ...(data === undefined ? {} : { data }) };
}

const window = { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' } as const;

/** x [1,6,6,C] → op → y, int8 (or `dtype`), with constant weights unless `variableWeights`. */
function graph(
  op: 'CONV_2D' | 'DEPTHWISE_CONV_2D' | 'FULLY_CONNECTED',
  channels: number,
  opts: { dtype?: Tensor['dtype']; variableWeights?: boolean; inputZeroPoint?: number; attrs?: Record<string, unknown> } = {},
): Graph {
  const wShape = op === 'CONV_2D' ? [4, 3, 3, channels] : op === 'DEPTHWISE_CONV_2D' ? [1, 3, 3, channels] : [4, channels];
  const bytes = wShape.reduce((a, b) => a * b, 1);
  const data = opts.variableWeights === true ? undefined : new Uint8Array(bytes).map((_, i) => (i * 7) & 0xff);
  const xShape = op === 'FULLY_CONNECTED' ? [1, channels] : [1, 6, 6, channels];
  const yShape = op === 'FULLY_CONNECTED' ? [1, 4] : [1, 6, 6, op === 'CONV_2D' ? 4 : channels];
  const attrs =
    op === 'FULLY_CONNECTED'
      ? { activation: 'NONE', keepNumDims: false }
      : op === 'DEPTHWISE_CONV_2D'
        ? { ...window, depthMultiplier: 1, ...opts.attrs }
        : { ...window, ...opts.attrs };
  const node = { id: 0, op, name: 'n0', inputs: [0, 1, -1], outputs: [2], attrs } as unknown as Node;
  const dtype = opts.dtype ?? 'int8';
  return {
    name: 'g',
    tensors: [tensor(0, xShape, dtype, undefined, opts.inputZeroPoint ?? 0), tensor(1, wShape, 'int8', data), tensor(2, yShape, dtype)],
    nodes: [node],
    inputs: [0],
    outputs: [2],
  };
}

const chosen = (strategies: readonly KernelStrategy[], g: Graph, t: string): string =>
  chooseStrategy(strategies, g.nodes[0] as Node, g, target(t)).name;

describe('scalar RV32 strategy claims', () => {
  it('win over portable C for int8 conv, depthwise and fully connected on every RV32 target', () => {
    for (const t of ['rv32imc', 'rv32imac', 'rv32imac_zve32x']) {
      expect(chosen(ALL, graph('CONV_2D', 8), t)).toBe('riscv-rv32/conv2d_s8');
      expect(chosen(ALL, graph('CONV_2D', 3, { attrs: { strideH: 2, dilationW: 2 } }), t)).toBe('riscv-rv32/conv2d_s8');
      expect(chosen(ALL, graph('DEPTHWISE_CONV_2D', 6), t)).toBe('riscv-rv32/depthwise_conv2d_s8');
      expect(chosen(ALL, graph('FULLY_CONNECTED', 10), t)).toBe('riscv-rv32/fully_connected_s8');
    }
  });

  it('claim nothing on other targets', () => {
    const other: Target = { ...target('rv32imac'), name: 'cortex-m4' };
    const g = graph('CONV_2D', 8);
    for (const s of RISCV_SCALAR_STRATEGIES) expect(s.claim(g.nodes[0] as Node, g, other)).toBeUndefined();
  });

  it('leave float, non-constant weights, grouped convolutions and an out-of-range zero point to portable C', () => {
    expect(chosen(ALL, graph('FULLY_CONNECTED', 10, { variableWeights: true }), 'rv32imac')).toBe('portable-c/fully_connected_s8');
    // in_c 8 against a filter of 4 input channels: two groups.
    const grouped = graph('CONV_2D', 8);
    const w = grouped.tensors[1] as Tensor;
    const g2: Graph = {
      ...grouped,
      tensors: [
        grouped.tensors[0] as Tensor,
        { ...w, shape: [4, 3, 3, 4], data: (w.data as Uint8Array).slice(0, 144) },
        grouped.tensors[2] as Tensor,
      ],
    };
    expect(chosen(ALL, g2, 'rv32imac')).toBe('portable-c/conv2d_s8');
    const f = graph('CONV_2D', 8, { dtype: 'float32' });
    for (const s of RISCV_SCALAR_STRATEGIES.filter((x) => x.ops.includes('CONV_2D')))
      expect(s.claim(f.nodes[0] as Node, f, target('rv32imac'))).toBeUndefined();
    // A bias computed at run time cannot be folded into a table.
    const fc = graph('FULLY_CONNECTED', 10);
    const withBias: Graph = {
      ...fc,
      tensors: [...fc.tensors, tensor(3, [4], 'int32')],
      nodes: [{ ...(fc.nodes[0] as Node), inputs: [0, 1, 3] } as Node],
    };
    expect(chosen(ALL, withBias, 'rv32imac')).toBe('portable-c/fully_connected_s8');
    // A zero point of -128 is an input offset of 128: still an int8 padding value (−128).
    expect(chosen(ALL, graph('CONV_2D', 8, { inputZeroPoint: -128 }), 'rv32imac')).toBe('riscv-rv32/conv2d_s8');
  });

  it('claim at a priority a vector strategy can beat', () => {
    const g = graph('DEPTHWISE_CONV_2D', 8);
    const vector: KernelStrategy = {
      ...(RISCV_SCALAR_STRATEGIES[1] as KernelStrategy),
      name: 'rvv/depthwise',
      claim: () => RV32_PRIORITY + 10,
    };
    expect(chosen([...ALL, vector], g, 'rv32imac_zve32x')).toBe('rvv/depthwise');
  });

  it('size the workspace: three im2col columns for a general conv, none pointwise, one padded plane for depthwise', () => {
    const conv = RISCV_SCALAR_STRATEGIES[0] as KernelStrategy;
    const dw = RISCV_SCALAR_STRATEGIES[1] as KernelStrategy;
    const g = graph('CONV_2D', 8);
    expect(conv.workspaceBytes(g.nodes[0] as Node, g, target('rv32imac'))).toBe(3 * 3 * 3 * 8);
    const pw = graph('CONV_2D', 8);
    const w = pw.tensors[1] as Tensor;
    const p1: Graph = {
      ...pw,
      tensors: [pw.tensors[0] as Tensor, { ...w, shape: [4, 1, 1, 8], data: (w.data as Uint8Array).slice(0, 32) }, pw.tensors[2] as Tensor],
    };
    expect(conv.workspaceBytes(p1.nodes[0] as Node, p1, target('rv32imac'))).toBe(0);
    const d = graph('DEPTHWISE_CONV_2D', 8);
    // 6×6 SAME with a 3×3 window: the plane is 8×8.
    expect(dw.workspaceBytes(d.nodes[0] as Node, d, target('rv32imac'))).toBe(64);
  });
});
