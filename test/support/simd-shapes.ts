import { GraphBuilder } from '@anvil/testing';
import type { ConformanceGraph } from '@anvil/testing';
import { convCase } from './conv-case.js';

export interface SimdShapes {
  readonly cases: readonly ConformanceGraph[];
  /** The ADD cases and the kernel kind each must be lowered to. */
  readonly addLowered: ReadonlyMap<ConformanceGraph, 'simd' | 'portable'>;
  /** The pooling cases, their op and the kernel kind each must be lowered to. */
  readonly poolLowered: ReadonlyMap<ConformanceGraph, { op: 'AVERAGE_POOL_2D' | 'MAX_POOL_2D'; lowered: 'simd' | 'portable' }>;
}

const same = { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1 } as const;

/**
 * Shapes that the SIMD kernels claim and that exercise their tails and edge paths, with the
 * kernel kind each ADD and pooling case must be lowered to on a target with SIMD kernels for
 * them (`simd`), or the portable one it must keep (broadcasting, windows past 255 taps).
 */
export function simdShapes(): SimdShapes {
  const ADD_LOWERED = new Map<ConformanceGraph, 'simd' | 'portable'>();
  const POOL_LOWERED = new Map<ConformanceGraph, { op: 'AVERAGE_POOL_2D' | 'MAX_POOL_2D'; lowered: 'simd' | 'portable' }>();
  const out: ConformanceGraph[] = [];
  const conv = (title: string, name: string, seed: number, x: number[], w: number[], y: number[], attrs: object, scales: number[]) =>
    out.push(convCase(title, name, seed, { x, w, y }, attrs, scales));
  conv(
    'CONV_2D 3×3 SAME, 8 → 5 channels (odd output channels), per-channel',
    'simd_conv_3x3',
    21,
    [1, 5, 6, 8],
    [5, 3, 3, 8],
    [1, 5, 6, 5],
    { ...same, activation: 'RELU' },
    [0.01, 0.02, 0.015, 0.03, 0.008],
  );
  conv(
    'CONV_2D 1×1 pointwise, 7 → 6 channels (K not a multiple of 4), 15 pixels (odd), per-tensor',
    'simd_conv_pointwise',
    22,
    [1, 5, 3, 7],
    [6, 1, 1, 7],
    [1, 5, 3, 6],
    { ...same, activation: 'NONE' },
    [0.02],
  );
  conv(
    'CONV_2D 3×2 VALID, stride 2, dilation 2 (K = 18), RELU6',
    'simd_conv_dilated',
    23,
    [1, 9, 8, 3],
    [4, 3, 2, 3],
    [1, 3, 3, 4],
    { padding: 'VALID', strideH: 2, strideW: 2, dilationH: 2, dilationW: 2, activation: 'RELU6' },
    [0.01, 0.02, 0.03, 0.04],
  );
  conv(
    'CONV_2D 3×3 SAME stride 2, 5 channels (K = 45: a vector tail)',
    'simd_conv_k45',
    24,
    [1, 7, 7, 5],
    [8, 3, 3, 5],
    [1, 4, 4, 8],
    { ...same, strideH: 2, strideW: 2, activation: 'NONE' },
    [0.01],
  );
  const dw = (title: string, name: string, seed: number, x: number[], k: number[], y: number[], attrs: object, scales: number[]) => {
    const b = new GraphBuilder(seed);
    const c = x[3] as number;
    const xi = b.input(x, 0.05, 7);
    const wi = b.weights([1, k[0] as number, k[1] as number, c], scales, 3);
    const yi = b.activation(y, 0.1, -9);
    b.node('DEPTHWISE_CONV_2D', [xi, wi, b.bias(Array.from({ length: c }, (_, i) => ((i * 331) % 900) - 450))], [yi], {
      depthMultiplier: 1,
      ...attrs,
    } as never);
    out.push({ title, graph: b.build(name, [yi]) });
  };
  dw(
    'DEPTHWISE_CONV_2D 3×3 SAME, 8 channels, per-channel',
    'simd_dw_3x3',
    31,
    [1, 6, 5, 8],
    [3, 3],
    [1, 6, 5, 8],
    { ...same, activation: 'RELU' },
    Array.from({ length: 8 }, (_, i) => 0.01 + i * 0.003),
  );
  dw(
    'DEPTHWISE_CONV_2D 3×3 VALID stride 2, dilation 2, 12 channels (a half vector of lanes)',
    'simd_dw_tail',
    32,
    [1, 9, 9, 12],
    [3, 3],
    [1, 3, 3, 12],
    { padding: 'VALID', strideH: 2, strideW: 2, dilationH: 2, dilationW: 2, activation: 'NONE' },
    [0.02],
  );
  dw(
    'DEPTHWISE_CONV_2D 5×5 SAME (25 taps: an odd count), 4 channels, RELU6',
    'simd_dw_5x5',
    33,
    [1, 4, 6, 4],
    [5, 5],
    [1, 4, 6, 4],
    { ...same, activation: 'RELU6' },
    [0.01, 0.02, 0.03, 0.04],
  );
  const fc = (title: string, name: string, seed: number, batches: number, depth: number, units: number, scales: number[]) => {
    const b = new GraphBuilder(seed);
    const xi = b.input([batches, depth], 0.05, 11);
    const wi = b.weights([units, depth], scales, 0);
    const yi = b.activation([batches, units], 0.3, -2);
    b.node('FULLY_CONNECTED', [xi, wi, b.bias(Array.from({ length: units }, (_, i) => i * 101 - 300))], [yi], {
      activation: 'NONE',
      keepNumDims: false,
    } as never);
    out.push({ title, graph: b.build(name, [yi]) });
  };
  fc('FULLY_CONNECTED depth 37 (odd), 6 units (not a multiple of 4), two batches, per-tensor', 'simd_fc_odd', 41, 2, 37, 6, [0.01]);
  fc('FULLY_CONNECTED depth 64, 3 units, per-channel', 'simd_fc_per_channel', 42, 1, 64, 3, [0.01, 0.02, 0.005]);
  // Deep rows and few units, as a classifier's last layer: kernels that walk the depth with
  // vectors keep these (wide, shallow ones may be lowered as convolutions instead).
  fc('FULLY_CONNECTED depth 400, 5 units (a vector tail), per-channel', 'simd_fc_deep', 43, 1, 400, 5, [0.004, 0.006, 0.005, 0.003, 0.007]);
  fc('FULLY_CONNECTED depth 1000, 2 units, three batches, per-tensor', 'simd_fc_deep_batches', 44, 3, 1000, 2, [0.002]);
  const add = (
    title: string,
    name: string,
    seed: number,
    lowered: 'simd' | 'portable',
    x: Operand,
    z: Operand | 'same',
    y: Operand,
    activation: string,
  ) => {
    const b = new GraphBuilder(seed);
    const xi = b.input(x.shape, x.scale, x.zp);
    const zi = z === 'same' ? xi : b.input(z.shape, z.scale, z.zp);
    const yi = b.activation(y.shape, y.scale, y.zp);
    b.node('ADD', [xi, zi], [yi], { activation } as never);
    const c = { title, graph: b.build(name, [yi]) };
    out.push(c);
    ADD_LOWERED.set(c, lowered);
  };
  const odd = [1, 5, 7, 3];
  // Offsets of both signs (zero points -3 and 10); the input of the larger scale rescales by exactly 1/2.
  add(
    'ADD 1×5×7×3 (105 elements: no multiple of 16 or 4)',
    'simd_add_odd',
    51,
    'simd',
    v(odd, 0.06, -3),
    v(odd, 0.02, 10),
    v(odd, 0.07, 2),
    'NONE',
  );
  add(
    'ADD 1×15×17×9 (2295 elements), RELU',
    'simd_add_large',
    52,
    'simd',
    v([1, 15, 17, 9], 0.03, 7),
    v([1, 15, 17, 9], 0.05, -20),
    v([1, 15, 17, 9], 0.04, -128),
    'RELU',
  );
  add(
    'ADD of equal scales (both inputs exact), RELU6, 2×9',
    'simd_add_same_scale',
    53,
    'simd',
    v([2, 9], 0.1, 0),
    v([2, 9], 0.1, -5),
    v([2, 9], 0.04, -100),
    'RELU6',
  );
  add(
    'ADD of a tensor to itself (aliased inputs), 37 elements',
    'simd_add_alias',
    54,
    'simd',
    v([1, 37], 0.05, 4),
    'same',
    v([1, 37], 0.09, -6),
    'NONE',
  );
  // Output rescale 2·0.05 / (2^20 · 1.6e-7) ≈ 0.6: no right shift on the sum (mostly saturated, exactly).
  add(
    'ADD with the output shift 0',
    'simd_add_shift0',
    55,
    'simd',
    v([1, 3, 7], 0.05, -1),
    v([1, 3, 7], 0.04, 1),
    v([1, 3, 7], 1.6e-7, 3),
    'NONE',
  );
  // Output scale 64× the inputs': a right shift of 24 on the sum (past 22: the DSP kernel adds the offset after it).
  add(
    'ADD with a right shift of 24 on the sum',
    'simd_add_shift25',
    56,
    'simd',
    v([3, 11], 0.05, -60),
    v([3, 11], 0.03, 90),
    v([3, 11], 3.2, 17),
    'NONE',
  );
  add(
    'ADD broadcasting [1,1,1,3] (stays portable)',
    'simd_add_bcast',
    57,
    'portable',
    v([1, 4, 5, 3], 0.05, 2),
    v([1, 1, 1, 3], 0.02, -7),
    v([1, 4, 5, 3], 0.06, 0),
    'NONE',
  );
  const pool = (
    title: string,
    name: string,
    seed: number,
    lowered: 'simd' | 'portable',
    op: 'AVERAGE_POOL_2D' | 'MAX_POOL_2D',
    x: number[],
    y: number[],
    attrs: { padding: 'SAME' | 'VALID'; stride: number; filter: [number, number]; activation: string },
  ) => {
    const b = new GraphBuilder(seed);
    const xi = b.input(x, 0.1, 5);
    const yi = b.activation(y, 0.1, 5);
    b.node(op, [xi], [yi], {
      padding: attrs.padding,
      strideH: attrs.stride,
      strideW: attrs.stride,
      filterH: attrs.filter[0],
      filterW: attrs.filter[1],
      activation: attrs.activation,
    } as never);
    const c = { title, graph: b.build(name, [yi]) };
    out.push(c);
    POOL_LOWERED.set(c, { op, lowered });
  };
  const valid = (stride: number, filter: [number, number], activation = 'NONE') => ({
    padding: 'VALID' as const,
    stride,
    filter,
    activation,
  });
  const samePool = (stride: number, filter: [number, number], activation = 'NONE') => ({
    padding: 'SAME' as const,
    stride,
    filter,
    activation,
  });
  // kws_ref_model's: 125 taps, whole rows (one run of taps), four groups of 16 channels.
  pool(
    'AVERAGE_POOL_2D global 25×5, 64 channels (kws)',
    'simd_avgpool_global',
    61,
    'simd',
    'AVERAGE_POOL_2D',
    [1, 25, 5, 64],
    [1, 1, 1, 64],
    valid(1, [25, 5]),
  );
  pool(
    'AVERAGE_POOL_2D 2×2 VALID stride 2, 16 channels',
    'simd_avgpool_2x2',
    62,
    'simd',
    'AVERAGE_POOL_2D',
    [1, 8, 6, 16],
    [1, 4, 3, 16],
    valid(2, [2, 2]),
  );
  // Counts 4, 6 and 9 by position; 20 channels: 16 and a predicated 4 (Helium), 8 + 8 + 4 (DSP).
  pool(
    'AVERAGE_POOL_2D 3×3 SAME (window clipped at the borders), 20 channels, RELU6',
    'simd_avgpool_same',
    63,
    'simd',
    'AVERAGE_POOL_2D',
    [1, 5, 6, 20],
    [1, 5, 6, 20],
    samePool(1, [3, 3], 'RELU6'),
  );
  pool(
    'AVERAGE_POOL_2D 3×3 SAME stride 2, 7 channels (no multiple of 4)',
    'simd_avgpool_odd',
    64,
    'simd',
    'AVERAGE_POOL_2D',
    [1, 7, 5, 7],
    [1, 4, 3, 7],
    samePool(2, [3, 3]),
  );
  pool(
    'AVERAGE_POOL_2D 2×4 VALID stride 2 over whole rows, 13 channels',
    'simd_avgpool_rows',
    65,
    'simd',
    'AVERAGE_POOL_2D',
    [1, 6, 4, 13],
    [1, 3, 1, 13],
    valid(2, [2, 4]),
  );
  pool(
    'AVERAGE_POOL_2D global, two batches, 12 channels',
    'simd_avgpool_batches',
    66,
    'simd',
    'AVERAGE_POOL_2D',
    [2, 4, 3, 12],
    [2, 1, 1, 12],
    valid(1, [4, 3]),
  );
  // The 16-bit sums' bound: 255 taps is the last window claimed, 256 keeps the portable kernel.
  pool(
    'AVERAGE_POOL_2D 15×17 (255 taps), 5 channels',
    'simd_avgpool_255',
    67,
    'simd',
    'AVERAGE_POOL_2D',
    [1, 15, 17, 5],
    [1, 1, 1, 5],
    valid(1, [15, 17]),
  );
  pool(
    'AVERAGE_POOL_2D 16×16 (256 taps: stays portable)',
    'simd_avgpool_256',
    68,
    'portable',
    'AVERAGE_POOL_2D',
    [1, 16, 16, 4],
    [1, 1, 1, 4],
    valid(1, [16, 16]),
  );
  pool(
    'MAX_POOL_2D 2×2 VALID stride 2, 16 channels',
    'simd_maxpool_2x2',
    71,
    'simd',
    'MAX_POOL_2D',
    [1, 8, 6, 16],
    [1, 4, 3, 16],
    valid(2, [2, 2]),
  );
  pool(
    'MAX_POOL_2D 3×3 SAME stride 2, 20 channels, RELU6',
    'simd_maxpool_same',
    72,
    'simd',
    'MAX_POOL_2D',
    [1, 7, 6, 20],
    [1, 4, 3, 20],
    samePool(2, [3, 3], 'RELU6'),
  );
  pool(
    'MAX_POOL_2D global 6×5, 9 channels',
    'simd_maxpool_global',
    73,
    'simd',
    'MAX_POOL_2D',
    [1, 6, 5, 9],
    [1, 1, 1, 9],
    valid(1, [6, 5]),
  );
  pool(
    'MAX_POOL_2D 20×20 (400 taps), 38 channels',
    'simd_maxpool_big',
    74,
    'simd',
    'MAX_POOL_2D',
    [1, 20, 20, 38],
    [1, 1, 1, 38],
    valid(1, [20, 20]),
  );
  return { cases: out, addLowered: ADD_LOWERED, poolLowered: POOL_LOWERED };
}

interface Operand {
  readonly shape: number[];
  readonly scale: number;
  readonly zp: number;
}
const v = (shape: number[], scale: number, zp: number): Operand => ({ shape, scale, zp });
