import { describe, expect, it } from 'vitest';
import { chooseStrategy, isKernelCall, perTensor } from '@anvil/core';
import type { Graph, KernelCall, KernelEmitContext, KernelParam, Node, Tensor } from '@anvil/core';
import { PORTABLE_STRATEGIES } from '@anvil/codegen-c';
import { RISCV_TARGETS } from '../riscv-targets.js';
import { rvvConvFilter } from './conv-2d-rvv.js';
import { rvvDepthwiseFilter } from './depthwise-conv-2d-rvv.js';
import { fullyConnectedAcrossUnits } from './fully-connected-rvv.js';
import { RISCV_RVV_STRATEGIES, RVV_PRIORITY } from './strategies.js';
import { chunks, foldedBias, lanesTable } from './tables.js';

const target = (name: string) => RISCV_TARGETS.find((t) => t.name === name) as (typeof RISCV_TARGETS)[number];
const VECTOR = 'rv32imac_zve32x';
const ALL = [...RISCV_RVV_STRATEGIES, ...PORTABLE_STRATEGIES];

function tensor(id: number, shape: number[], dtype: Tensor['dtype'] = 'int8', data?: Uint8Array, zeroPoint = 0): Tensor {
  return { id, name: `t${id}`, shape, dtype, quant: perTensor(0.5, zeroPoint), ...(data === undefined ? {} : { data }) };
}

const window = { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' } as const;

/** x [1,6,6,C] → op → y, constant int8 weights (i·7 mod 128), input zero point 3. */
function graph(
  op: 'CONV_2D' | 'DEPTHWISE_CONV_2D' | 'FULLY_CONNECTED',
  channels: number,
  opts: { outC?: number; k?: number; multiplier?: number; filterC?: number } = {},
): Graph {
  const outC = opts.outC ?? 4;
  const k = opts.k ?? 3;
  const m = opts.multiplier ?? 1;
  const wShape =
    op === 'CONV_2D' ? [outC, k, k, opts.filterC ?? channels] : op === 'DEPTHWISE_CONV_2D' ? [1, k, k, channels * m] : [outC, channels];
  const wBytes = wShape.reduce((a, b) => a * b, 1);
  const w = tensor(
    1,
    wShape,
    'int8',
    new Uint8Array(wBytes).map((_, i) => (i * 7) & 0x7f),
  );
  const xShape = op === 'FULLY_CONNECTED' ? [1, channels] : [1, 6, 6, channels];
  const yShape = op === 'FULLY_CONNECTED' ? [1, outC] : [1, 6, 6, op === 'CONV_2D' ? outC : channels * m];
  const attrs =
    op === 'FULLY_CONNECTED'
      ? { activation: 'NONE', keepNumDims: false }
      : op === 'DEPTHWISE_CONV_2D'
        ? { ...window, depthMultiplier: m }
        : window;
  const node = { id: 0, op, name: 'n0', inputs: [0, 1, -1], outputs: [2], attrs } as unknown as Node;
  return { name: 'g', tensors: [tensor(0, xShape, 'int8', undefined, 3), w, tensor(2, yShape)], nodes: [node], inputs: [0], outputs: [2] };
}

const node0 = (g: Graph): Node => g.nodes[0] as Node;
const chosen = (g: Graph, t: string): string => chooseStrategy(ALL, node0(g), g, target(t)).name;

function emit(g: Graph): KernelCall {
  const s = chooseStrategy(ALL, node0(g), g, target(VECTOR));
  const ctx: KernelEmitContext = {
    graph: g,
    target: target(VECTOR),
    functionName: 'f',
    weightSymbol: (id) => `w${id}`,
    stateBuffer: () => {
      throw new Error('no state in this graph');
    },
  };
  const k = s.emit(node0(g), ctx);
  if (!isKernelCall(k)) throw new Error('expected a kernel call');
  return k;
}

function param(k: KernelCall, field: string): KernelParam {
  const hit = k.params.find(([f]) => f === field);
  if (hit === undefined) throw new Error(`no field ${field}`);
  return hit[1];
}

function table(k: KernelCall, field: string): number[] {
  const v = param(k, field);
  if (typeof v !== 'object' || !('table' in v)) throw new Error(`${field} is not a table`);
  return Array.from(v.table.values);
}

describe('RVV strategy claims', () => {
  it('wins over portable C on the Zve32x target for conv, depthwise and fully connected', () => {
    expect(chosen(graph('CONV_2D', 8), VECTOR)).toBe('riscv-rvv/conv2d_s8');
    expect(chosen(graph('DEPTHWISE_CONV_2D', 8), VECTOR)).toBe('riscv-rvv/depthwise_conv2d_s8');
    expect(chosen(graph('FULLY_CONNECTED', 10), VECTOR)).toBe('riscv-rvv/fully_connected_s8');
  });

  it('claims nothing on the scalar RISC-V targets', () => {
    for (const t of ['rv32imc', 'rv32imac']) {
      for (const s of RISCV_RVV_STRATEGIES) {
        const g = graph(s.ops[0] === 'FULLY_CONNECTED' ? 'FULLY_CONNECTED' : s.ops[0] === 'CONV_2D' ? 'CONV_2D' : 'DEPTHWISE_CONV_2D', 8);
        expect(s.claim(node0(g), g, target(t))).toBeUndefined();
      }
    }
  });

  it('claims at priority 20, above the scalar RV32 kernels (10)', () => {
    const g = graph('CONV_2D', 8);
    const s = RISCV_RVV_STRATEGIES.find((x) => x.name === 'riscv-rvv/conv2d_s8');
    expect(RVV_PRIORITY).toBe(20);
    expect(s?.claim(node0(g), g, target(VECTOR))).toBe(20);
  });

  it('any channel count, tails included; grouped convolutions and depth multipliers on several channels stay portable', () => {
    expect(chosen(graph('DEPTHWISE_CONV_2D', 6), VECTOR)).toBe('riscv-rvv/depthwise_conv2d_s8');
    expect(chosen(graph('DEPTHWISE_CONV_2D', 3, { multiplier: 2 }), VECTOR)).toBe('portable-c/depthwise_conv2d_s8');
    expect(chosen(graph('CONV_2D', 8, { filterC: 4 }), VECTOR)).toBe('portable-c/conv2d_s8');
  });

  it('plans two K-byte columns for a 3×3 convolution, none pointwise, and a zero-point row for depthwise', () => {
    const find = (name: string) => RISCV_RVV_STRATEGIES.find((x) => x.name === name);
    const g = graph('CONV_2D', 8);
    expect(find('riscv-rvv/conv2d_s8')?.workspaceBytes(node0(g), g, target(VECTOR))).toBe(2 * 3 * 3 * 8);
    const pw = graph('CONV_2D', 8, { k: 1 });
    expect(find('riscv-rvv/conv2d_s8')?.workspaceBytes(node0(pw), pw, target(VECTOR))).toBe(0);
    const d = graph('DEPTHWISE_CONV_2D', 40);
    expect(find('riscv-rvv/depthwise_conv2d_s8')?.workspaceBytes(node0(d), d, target(VECTOR))).toBe(40);
  });
});

/** a [1,4,4,8] + b (same shape, or [8] broadcast) → y, with distinct scales. */
function addGraph(broadcast: boolean): Graph {
  const t = (id: number, shape: number[], scale: number, zp: number): Tensor => ({
    id,
    name: `t${id}`,
    shape,
    dtype: 'int8',
    quant: perTensor(scale, zp),
  });
  const node = { id: 0, op: 'ADD', name: 'add', inputs: [0, 1], outputs: [2], attrs: { activation: 'NONE' } } as unknown as Node;
  return {
    name: 'g',
    tensors: [t(0, [1, 4, 4, 8], 0.05, 3), t(1, broadcast ? [8] : [1, 4, 4, 8], 0.03, -7), t(2, [1, 4, 4, 8], 0.07, 1)],
    nodes: [node],
    inputs: [0, 1],
    outputs: [2],
  };
}

describe('RVV ADD', () => {
  it('claims same-shape int8 ADDs on the vector target only; broadcasting stays portable', () => {
    expect(chosen(addGraph(false), VECTOR)).toBe('riscv-rvv/add_s8');
    expect(chosen(addGraph(false), 'rv32imac')).toBe('portable-c/add_s8');
    expect(chosen(addGraph(true), VECTOR)).toBe('portable-c/add_s8');
  });

  it('emits a flat element count and the quantization as the portable kernel takes it', () => {
    const k = emit(addGraph(false));
    expect(k.function).toBe('anvil_add_rvv_s8');
    expect(k.operands).toEqual([0, 1]);
    expect(param(k, 'size')).toBe(128);
    expect(param(k, 'left_shift')).toBe(20);
    expect(param(k, 'input1_offset')).toBe(-3);
    expect(param(k, 'input2_offset')).toBe(7);
  });
});

/** x [1,in,in,24] → pool (filter k×k, stride k, VALID) → y; pooling keeps the quantization. */
function poolGraph(op: 'AVERAGE_POOL_2D' | 'MAX_POOL_2D', inSize: number, k: number): Graph {
  const out = Math.floor((inSize - k) / k) + 1;
  const t = (id: number, size: number): Tensor => ({
    id,
    name: `t${id}`,
    shape: [1, size, size, 24],
    dtype: 'int8',
    quant: perTensor(0.1, 2),
  });
  const attrs = { padding: 'VALID', strideH: k, strideW: k, filterH: k, filterW: k, activation: 'NONE' };
  const node = { id: 0, op, name: 'pool', inputs: [0], outputs: [1], attrs } as unknown as Node;
  return { name: 'g', tensors: [t(0, inSize), t(1, out)], nodes: [node], inputs: [0], outputs: [1] };
}

describe('RVV fully connected forms', () => {
  it('keeps deep layers with few units along the depth and runs wide or shallow ones across the units', () => {
    expect(fullyConnectedAcrossUnits(12, 1600)).toBe(false);
    expect(fullyConnectedAcrossUnits(128, 128)).toBe(true);
    expect(fullyConnectedAcrossUnits(128, 8)).toBe(true);
    expect(fullyConnectedAcrossUnits(12, 64)).toBe(true);
  });

  it('emits a layer across its units as a pointwise convolution over the batch rows', () => {
    const k = emit(graph('FULLY_CONNECTED', 10));
    expect(k.function).toBe('anvil_conv2d_rvv_s8');
    expect(k.params).toEqual(
      expect.arrayContaining([
        ['in_w', 1],
        ['in_c', 10],
        ['out_c', 4],
        ['pointwise', 1],
        ['input_offset', -3],
      ]),
    );
    // The filter table holds the weights k after k for the four units.
    expect(table(k, 'filter').slice(0, 4)).toEqual([0, 70, 12, 82]);
  });
});

describe('RVV depthwise packed form', () => {
  it('packs 32 / C pixels a vector for 2 to 16 channels at stride 1 and plans the padded input rows', () => {
    const g = graph('DEPTHWISE_CONV_2D', 8);
    const k = emit(g);
    expect(k.function).toBe('anvil_depthwise_conv2d_rvv_s8');
    expect(param(k, 'pack')).toBe(4);
    const filter = table(k, 'filter');
    expect(filter.length).toBe(9 * 32);
    // Tap 0's eight weights (i·7 mod 128), four times over.
    const tap0 = Array.from({ length: 8 }, (_, i) => (i * 7) & 0x7f);
    expect(filter.slice(0, 32)).toEqual([...tap0, ...tap0, ...tap0, ...tap0]);
    // The scales make every shift 0: the no-shift form, whose lanes hold no shifts to the left.
    expect(param(k, 'right_only')).toBe(2);
    expect(table(k, 'lanes').length).toBe(3 * 32);
    const s = RISCV_RVV_STRATEGIES.find((x) => x.name === 'riscv-rvv/depthwise_conv2d_s8');
    // k_h rows of (out_w + k_w − 1) pixels of 8 channels.
    expect(s?.workspaceBytes(node0(g), g, target(VECTOR))).toBe(3 * (6 + 2) * 8);
    expect(param(emit(graph('DEPTHWISE_CONV_2D', 6)), 'pack')).toBe(0);
    expect(param(emit(graph('DEPTHWISE_CONV_2D', 40)), 'pack')).toBe(0);
  });
});

describe('RVV pooling', () => {
  it('claims max pooling always and average pooling up to 255 taps a window', () => {
    expect(chosen(poolGraph('MAX_POOL_2D', 6, 2), VECTOR)).toBe('riscv-rvv/maxpool2d_s8');
    expect(chosen(poolGraph('MAX_POOL_2D', 6, 2), 'rv32imc')).toBe('portable-c/maxpool2d_s8');
    expect(chosen(poolGraph('AVERAGE_POOL_2D', 15, 15), VECTOR)).toBe('riscv-rvv/avgpool2d_s8');
    expect(chosen(poolGraph('AVERAGE_POOL_2D', 16, 16), VECTOR)).toBe('portable-c/avgpool2d_s8');
    expect(chosen(poolGraph('MAX_POOL_2D', 16, 16), VECTOR)).toBe('riscv-rvv/maxpool2d_s8');
  });

  it("emits the portable kernels' parameter struct", () => {
    const k = emit(poolGraph('AVERAGE_POOL_2D', 6, 3));
    expect(k.function).toBe('anvil_avgpool2d_rvv_s8');
    expect(param(k, 'filter_h')).toBe(3);
    expect(param(k, 'channels')).toBe(24);
    expect(emit(poolGraph('MAX_POOL_2D', 6, 3)).function).toBe('anvil_maxpool2d_rvv_s8');
  });
});

describe('RVV tables', () => {
  it('splits channels into chunks of 32 with a short last one', () => {
    expect(chunks(70)).toEqual([32, 32, 6]);
    expect(chunks(32)).toEqual([32]);
    expect(chunks(5)).toEqual([5]);
  });

  it('lays the lanes out per chunk: biases, multipliers, right shifts, left shifts only when some shift is not right', () => {
    const bias = Int32Array.from({ length: 34 }, (_, c) => 100 + c);
    const mult = Array.from({ length: 34 }, (_, c) => 1000 + c);
    const right = lanesTable(
      bias,
      mult,
      Array.from({ length: 34 }, () => -5),
    );
    expect(right.length).toBe(3 * 34);
    expect(Array.from(right.slice(0, 2))).toEqual([100, 101]);
    expect(right[32]).toBe(1000);
    expect(right[64]).toBe(5);
    // Second chunk: two channels, starting after the first chunk's 96 entries.
    expect(Array.from(right.slice(96))).toEqual([132, 133, 1032, 1033, 5, 5]);
    const mixed = lanesTable(Int32Array.from([1, 2]), [7], [2, 0]);
    expect(Array.from(mixed)).toEqual([1, 2, 7, 7, 0, 0, 2, 0]);
  });

  it('folds the input offset into the bias with int32 wrap', () => {
    const g = graph('FULLY_CONNECTED', 2);
    const folded = foldedBias(
      g,
      undefined,
      2,
      2,
      3,
      (c, k) =>
        [
          [1, 2],
          [3, 4],
        ][c]?.[k] as number,
    );
    expect(Array.from(folded)).toEqual([9, 21]);
    expect(foldedBias(g, undefined, 1, 1, 2 ** 30, () => 4)[0]).toBe(0);
  });

  it('lays the convolution filter out as k after k of each chunk, and the depthwise filter tap after tap widened', () => {
    const w = Int8Array.from([1, 2, 3, 4, 5, 6]); // [out_c 3][K 2]
    expect(Array.from(rvvConvFilter(w, 3, 2))).toEqual([1, 3, 5, 2, 4, 6]);
    const wide = Int8Array.from({ length: 34 * 2 }, (_, i) => (i % 2 === 0 ? -128 : i % 100)); // [tap 2][C 34]
    const dw = rvvDepthwiseFilter(wide, 34, 2);
    expect(dw).toBeInstanceOf(Int16Array);
    expect(dw[0]).toBe(-128);
    expect(dw[32]).toBe(wide[34]); // tap 1 of the first chunk
    expect(Array.from(dw.slice(64))).toEqual([wide[32], wide[33], wide[66], wide[67]]);
  });
});

describe('RVV kernel calls', () => {
  it('emits the convolution with its own filter and lanes and the folded input offset', () => {
    const k = emit(graph('CONV_2D', 8));
    expect(k.function).toBe('anvil_conv2d_rvv_s8');
    expect(param(k, 'pointwise')).toBe(0);
    expect(param(k, 'input_offset')).toBe(-3);
    expect(table(k, 'filter').length).toBe(4 * 9 * 8);
    // Per-tensor quantization widened to every channel; scales 0.5·0.5/0.5 make the shift 0:
    // the no-shift form (vsmul alone), whose lanes hold no left shifts.
    expect(param(k, 'right_only')).toBe(2);
    expect(table(k, 'lanes').length).toBe(3 * 4);
    expect(table(k, 'lanes').slice(4, 8)).toEqual([2 ** 30, 2 ** 30, 2 ** 30, 2 ** 30]);
    expect(emit(graph('CONV_2D', 8, { k: 1 })).params).toContainEqual(['pointwise', 1]);
  });

  it('emits a single-channel depthwise convolution as a convolution of its transposed filter', () => {
    const k = emit(graph('DEPTHWISE_CONV_2D', 1, { multiplier: 8 }));
    expect(k.function).toBe('anvil_conv2d_rvv_s8');
    expect(param(k, 'out_c')).toBe(8);
    expect(param(k, 'in_c')).toBe(1);
  });

  it('emits depthwise with int16 weights and fully connected with the model weights', () => {
    const d = emit(graph('DEPTHWISE_CONV_2D', 40));
    expect(d.function).toBe('anvil_depthwise_conv2d_rvv_s8');
    expect(param(d, 'channels')).toBe(40);
    const f = param(d, 'filter');
    expect(typeof f === 'object' && 'table' in f ? f.table.ctype : undefined).toBe('int16_t');
    expect(table(d, 'filter').length).toBe(9 * 40);
    const fc = emit(graph('FULLY_CONNECTED', 1600, { outC: 12 }));
    expect(fc.function).toBe('anvil_fully_connected_rvv_s8');
    expect(param(fc, 'weights')).toBe('w1');
    expect(table(fc, 'multiplier').length).toBe(12);
    expect(table(fc, 'shift').length).toBe(12);
    // bias 0 + input offset −3 · Σ w of unit 0 (weights i·7 mod 128, i < 1600).
    const sum0 = Array.from({ length: 1600 }, (_, i) => (i * 7) & 0x7f).reduce((a, b) => a + b, 0);
    expect(table(fc, 'bias')[0]).toBe(-3 * sum0);
  });
});
