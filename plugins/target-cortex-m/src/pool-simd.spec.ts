import { describe, expect, it } from 'vitest';
import { chooseStrategy, perTensor } from '@anvil/core';
import type { Graph, KernelEmitContext, Node, Tensor } from '@anvil/core';
import { PORTABLE_STRATEGIES } from '@anvil/codegen-c';
import { CORTEX_M_TARGETS } from './cortex-m-targets.js';
import { AVGPOOL_MAX_TAPS, emitPoolSimd, maxWindowTaps, poolSupported } from './pool-simd.js';
import type { PoolNode } from './pool-simd.js';
import { pool2dParams } from '@anvil/interp';
import { DSP, MVE } from './simd-backend.js';
import { CORTEX_M_STRATEGIES } from './strategies.js';

const target = (name: string) => CORTEX_M_TARGETS.find((t) => t.name === name) as (typeof CORTEX_M_TARGETS)[number];
const ALL = [...CORTEX_M_STRATEGIES, ...PORTABLE_STRATEGIES];

function tensor(id: number, shape: number[], dtype: Tensor['dtype'] = 'int8'): Tensor {
  return { id, name: `t${id}`, shape, dtype, ...(dtype === 'int8' ? { quant: perTensor(0.1, -3) } : {}) } as Tensor;
}

interface Pool {
  readonly op?: 'AVERAGE_POOL_2D' | 'MAX_POOL_2D';
  readonly x: number[];
  readonly y: number[];
  readonly filter: [number, number];
  readonly stride?: [number, number];
  readonly padding?: 'SAME' | 'VALID';
  readonly activation?: string;
  readonly dtype?: Tensor['dtype'];
}

function graph(p: Pool): Graph {
  const [strideH, strideW] = p.stride ?? [1, 1];
  const attrs = {
    padding: p.padding ?? 'VALID',
    strideH,
    strideW,
    filterH: p.filter[0],
    filterW: p.filter[1],
    activation: p.activation ?? 'NONE',
  };
  const node = { id: 0, op: p.op ?? 'AVERAGE_POOL_2D', name: 'pool0', inputs: [0], outputs: [1], attrs } as unknown as Node;
  return { name: 'g', tensors: [tensor(0, p.x, p.dtype), tensor(1, p.y, p.dtype)], nodes: [node], inputs: [0], outputs: [1] };
}

const pool = (g: Graph): PoolNode => g.nodes[0] as PoolNode;
const supported = (p: Pool): boolean => {
  const g = graph(p);
  return poolSupported(pool(g), g);
};
const chosen = (p: Pool, t: string): string => {
  const g = graph(p);
  return chooseStrategy(ALL, g.nodes[0] as Node, g, target(t)).name;
};

const kws: Pool = { x: [1, 25, 5, 64], y: [1, 1, 1, 64], filter: [25, 5] };

describe('poolSupported', () => {
  it('claims int8 average pools of any channel count, global or windowed, with or without padding', () => {
    expect(supported(kws)).toBe(true);
    expect(supported({ x: [1, 8, 8, 20], y: [1, 4, 4, 20], filter: [2, 2], stride: [2, 2] })).toBe(true);
    expect(supported({ x: [1, 7, 6, 5], y: [1, 7, 6, 5], filter: [3, 3], padding: 'SAME', activation: 'RELU6' })).toBe(true);
    expect(supported({ x: [2, 4, 4, 3], y: [2, 1, 1, 3], filter: [4, 4] })).toBe(true);
  });

  it('claims int8 max pools, whatever the window', () => {
    expect(supported({ ...kws, op: 'MAX_POOL_2D' })).toBe(true);
    expect(supported({ op: 'MAX_POOL_2D', x: [1, 20, 20, 7], y: [1, 1, 1, 7], filter: [20, 20] })).toBe(true);
  });

  it('declines average windows past 255 taps once clipped to the image (16-bit sums), and counts the clipping', () => {
    const big: Pool = { x: [1, 16, 16, 8], y: [1, 1, 1, 8], filter: [16, 16] };
    expect(maxWindowTaps(pool2dParams(pool(graph(big)), graph(big)))).toBe(256);
    expect(supported(big)).toBe(false);
    const edge: Pool = { x: [1, 15, 17, 8], y: [1, 1, 1, 8], filter: [15, 17] };
    expect(maxWindowTaps(pool2dParams(pool(graph(edge)), graph(edge)))).toBe(AVGPOOL_MAX_TAPS);
    expect(supported(edge)).toBe(true);
    // A 32×32 SAME filter on an 8×8 image: at most 8·8 = 64 taps fall inside.
    expect(supported({ x: [1, 8, 8, 4], y: [1, 8, 8, 4], filter: [32, 32], padding: 'SAME' })).toBe(true);
  });

  it('declines other types and ranks', () => {
    expect(supported({ ...kws, dtype: 'float32' })).toBe(false);
    expect(supported({ ...kws, op: 'MAX_POOL_2D', dtype: 'float32' })).toBe(false);
    expect(supported({ x: [25, 5, 64], y: [1, 1, 64], filter: [25, 5] })).toBe(false);
  });
});

describe('Cortex-M pooling strategies', () => {
  it('DSP on the M4, M7 and M33, Helium on the M55, portable C on the M3', () => {
    for (const t of ['cortex-m4', 'cortex-m7', 'cortex-m33']) {
      expect(chosen(kws, t)).toBe('cortex-m-dsp/avgpool2d_s8');
      expect(chosen({ ...kws, op: 'MAX_POOL_2D' }, t)).toBe('cortex-m-dsp/maxpool2d_s8');
    }
    expect(chosen(kws, 'cortex-m55')).toBe('cortex-m-mve/avgpool2d_s8');
    expect(chosen({ ...kws, op: 'MAX_POOL_2D' }, 'cortex-m55')).toBe('cortex-m-mve/maxpool2d_s8');
    expect(chosen(kws, 'cortex-m3')).toBe('portable-c/avgpool2d_s8');
    expect(chosen({ x: [1, 16, 16, 8], y: [1, 1, 1, 8], filter: [16, 16] }, 'cortex-m55')).toBe('portable-c/avgpool2d_s8');
  });

  it('emits the portable parameter struct, structural, under the SIMD kernel name', () => {
    const g = graph({ x: [1, 7, 6, 20], y: [1, 4, 3, 20], filter: [3, 3], stride: [2, 2], padding: 'SAME', activation: 'RELU6' });
    const ctx = { graph: g } as unknown as KernelEmitContext;
    const dsp = emitPoolSimd(pool(g), ctx, DSP);
    expect(dsp.function).toBe('anvil_avgpool2d_dsp_s8');
    expect(dsp.operands).toEqual([0]);
    expect(Object.fromEntries(dsp.params)).toEqual({
      batches: 1,
      in_h: 7,
      in_w: 6,
      channels: 20,
      out_h: 4,
      out_w: 3,
      filter_h: 3,
      filter_w: 3,
      stride_h: 2,
      stride_w: 2,
      pad_top: 1,
      pad_left: 0,
      act_min: -3,
      act_max: 57,
    });
    const max = graph({ op: 'MAX_POOL_2D', x: [1, 4, 4, 3], y: [1, 2, 2, 3], filter: [2, 2], stride: [2, 2] });
    expect(emitPoolSimd(pool(max), { graph: max } as unknown as KernelEmitContext, MVE).function).toBe('anvil_maxpool2d_mve_s8');
  });
});

describe('the Helium average pool division (anvil_avgpool2d_mve_s8.h)', () => {
  it('floor(n / d) is ((n · m) >> 16) >> (l - 1) for every count d in [2, 255] and every n < 2^15', () => {
    let wrong = 0;
    for (let d = 2; d <= AVGPOOL_MAX_TAPS; d++) {
      let l = 1;
      while (2 ** l < d) l++;
      const m = Math.floor((2 ** (15 + l) + d - 1) / d);
      expect(m).toBeLessThan(2 ** 16);
      // Every |sum| + d/2 the 16-bit lanes can hold: |sum| <= 255 · 128, d/2 <= 127.
      for (let n = 0; n < 2 ** 15; n++) if (Math.floor(Math.floor((n * m) / 65536) / 2 ** (l - 1)) !== Math.floor(n / d)) wrong++;
    }
    expect(wrong).toBe(0);
  });
});
