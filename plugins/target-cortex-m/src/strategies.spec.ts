import { describe, expect, it } from 'vitest';
import { chooseStrategy, perTensor } from '@anvil/core';
import type { Graph, Node, Tensor } from '@anvil/core';
import { PORTABLE_STRATEGIES } from '@anvil/codegen-c';
import { CORTEX_M_TARGETS } from './cortex-m-targets.js';
import { CORTEX_M_STRATEGIES } from './strategies.js';

const target = (name: string) => CORTEX_M_TARGETS.find((t) => t.name === name) as (typeof CORTEX_M_TARGETS)[number];
const ALL = [...CORTEX_M_STRATEGIES, ...PORTABLE_STRATEGIES];

function tensor(id: number, shape: number[], dtype: Tensor['dtype'] = 'int8', data?: Uint8Array): Tensor {
  return { id, name: `t${id}`, shape, dtype, quant: perTensor(0.5, 0), ...(data === undefined ? {} : { data }) };
}

const conv = { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' } as const;

/** x [1,6,6,C] → op → y, with constant int8 weights. */
function graph(op: 'CONV_2D' | 'DEPTHWISE_CONV_2D' | 'FULLY_CONNECTED', channels: number, extra: Partial<Node['attrs']> = {}): Graph {
  const wShape = op === 'CONV_2D' ? [4, 3, 3, channels] : op === 'DEPTHWISE_CONV_2D' ? [1, 3, 3, channels] : [4, channels];
  const wBytes = wShape.reduce((a, b) => a * b, 1);
  const w = tensor(
    1,
    wShape,
    'int8',
    new Uint8Array(wBytes).map((_, i) => (i * 7) & 0x7f),
  );
  const xShape = op === 'FULLY_CONNECTED' ? [1, channels] : [1, 6, 6, channels];
  const yShape = op === 'FULLY_CONNECTED' ? [1, 4] : [1, 6, 6, op === 'CONV_2D' ? 4 : channels];
  const attrs =
    op === 'FULLY_CONNECTED'
      ? { activation: 'NONE', keepNumDims: false }
      : op === 'DEPTHWISE_CONV_2D'
        ? { ...conv, depthMultiplier: 1, ...extra }
        : { ...conv, ...extra };
  const node = { id: 0, op, name: 'n0', inputs: [0, 1, -1], outputs: [2], attrs } as unknown as Node;
  return { name: 'g', tensors: [tensor(0, xShape), w, tensor(2, yShape)], nodes: [node], inputs: [0], outputs: [2] };
}

const chosen = (g: Graph, t: string): string => chooseStrategy(ALL, g.nodes[0] as Node, g, target(t)).name;

describe('Cortex-M strategy claims', () => {
  it('DSP kernels win over portable C on the M4, M7 and M33; Helium wins on the M55', () => {
    for (const t of ['cortex-m4', 'cortex-m7', 'cortex-m33']) {
      expect(chosen(graph('CONV_2D', 8), t)).toBe('cortex-m-dsp/conv2d_s8');
      expect(chosen(graph('DEPTHWISE_CONV_2D', 8), t)).toBe('cortex-m-dsp/depthwise_conv2d_s8');
      expect(chosen(graph('FULLY_CONNECTED', 10), t)).toBe('cortex-m-dsp/fully_connected_s8');
    }
    expect(chosen(graph('CONV_2D', 8), 'cortex-m55')).toBe('cortex-m-mve/conv2d_s8');
    expect(chosen(graph('DEPTHWISE_CONV_2D', 8), 'cortex-m55')).toBe('cortex-m-mve/depthwise_conv2d_s8');
    expect(chosen(graph('FULLY_CONNECTED', 10), 'cortex-m55')).toBe('cortex-m-mve/fully_connected_s8');
  });

  it('the M3 has no DSP extension: portable C everywhere', () => {
    expect(chosen(graph('CONV_2D', 8), 'cortex-m3')).toBe('portable-c/conv2d_s8');
    expect(chosen(graph('FULLY_CONNECTED', 10), 'cortex-m3')).toBe('portable-c/fully_connected_s8');
  });

  it('depthwise channels not in groups of four, or a depth multiplier, stay portable', () => {
    expect(chosen(graph('DEPTHWISE_CONV_2D', 6), 'cortex-m4')).toBe('portable-c/depthwise_conv2d_s8');
    expect(chosen(graph('DEPTHWISE_CONV_2D', 6), 'cortex-m55')).toBe('portable-c/depthwise_conv2d_s8');
  });

  it('plans im2col workspace for a 3×3 convolution (two K-byte columns) and a zero-point row for depthwise', () => {
    const g = graph('CONV_2D', 8);
    const s = CORTEX_M_STRATEGIES.find((x) => x.name === 'cortex-m-dsp/conv2d_s8');
    expect(s?.workspaceBytes(g.nodes[0] as Node, g, target('cortex-m4'))).toBe(2 * 3 * 3 * 8);
    const d = graph('DEPTHWISE_CONV_2D', 8);
    const sd = CORTEX_M_STRATEGIES.find((x) => x.name === 'cortex-m-dsp/depthwise_conv2d_s8');
    expect(sd?.workspaceBytes(d.nodes[0] as Node, d, target('cortex-m4'))).toBe(8);
  });
});
