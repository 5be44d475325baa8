import { pointwiseInPlace, windowParams } from '@anvil/codegen-c';
import type { Graph, KernelCall, KernelEmitContext, KernelParam, NodeOf } from '@anvil/core';
import { conv2dParams } from '@anvil/interp';
import type { Conv2dParams } from '@anvil/interp';
import { foldedBias, int8Weights } from './folded-bias.js';
import { int32Table, mveRequantForm, offsetParams, splitRequantExact, splitRequantParams } from './requant.js';
import type { SimdBackend } from './simd-backend.js';

/** Which loop the node gets: a 1×1 convolution reads its input pixels in place, others im2col. */
export function convShape(p: Conv2dParams): 'pointwise' | 'im2col' {
  return pointwiseInPlace(p) ? 'pointwise' : 'im2col';
}

/** Ungrouped int8 convolutions only; grouped ones keep the portable kernel. */
export function convSupported(node: NodeOf<'CONV_2D'>, graph: Graph): boolean {
  const p = conv2dParams(node, graph);
  return p.filterShape[3] === p.inputShape[3] && splitRequantExact(p.outputMultipliers);
}

/**
 * The DSP kernel's layouts (anvil_conv2d_dsp_s8.h, and anvil_conv2d_dsp_pairs_s8.h with its
 * `pairs` field), default first:
 * `in-place` splits every 4-byte word of a filter row into halfword pairs (two SXTB16) each time
 * the row is used; `pairs` takes the rows pre-extended at compile time (twice the filter's
 * flash, and the int8 weights are then not emitted) and splits only the columns; `pairs-col`
 * also extends the two columns once per pixel pair (twice the workspace, pointwise included),
 * leaving loads and SMLADs in the inner loop.
 */
export const DSP_CONV_VARIANTS: readonly string[] = ['in-place', 'pairs', 'pairs-col'];

/** The kernel's `pairs` code of a variant (undefined: the default); an unknown name throws. */
function variantCode(variant: string | undefined): number {
  const code = DSP_CONV_VARIANTS.indexOf(variant ?? 'in-place');
  if (code < 0) throw new Error(`unknown conv2d variant '${variant}' (known: ${DSP_CONV_VARIANTS.join(', ')})`);
  return code;
}

/**
 * The variants meaningful for a layer: none for Helium (one layout); for the DSP kernel all,
 * except `pairs-col` when a column would be extended for a single pair of output channels
 * (out_c ≤ 2), where it cannot save what it costs.
 */
export function convVariants(p: Conv2dParams, isa: SimdBackend): readonly string[] {
  if (isa.isa !== 'dsp') return [];
  return p.filterShape[0] <= 2 ? DSP_CONV_VARIANTS.filter((v) => v !== 'pairs-col') : DSP_CONV_VARIANTS;
}

/** A copy of `ctx` that asks for `variant` (undefined: the default). */
export function withConvVariant(ctx: KernelEmitContext, variant: string | undefined): KernelEmitContext {
  const copy: { -readonly [F in keyof KernelEmitContext]: KernelEmitContext[F] } = { ...ctx };
  delete copy.variant;
  return variant === undefined ? copy : { ...copy, variant };
}

/**
 * Two im2col columns of K bytes each (none for pointwise); `pairs-col`: and the two columns
 * pre-extended and interleaved (2·K int16), pointwise too. As anvil_conv2d_simd_s8_workspace_bytes.
 */
export function convWorkspace(node: NodeOf<'CONV_2D'>, graph: Graph, variant?: string): number {
  return convParamsWorkspace(conv2dParams(node, graph), variant);
}

/** convWorkspace for parameters already derived. */
export function convParamsWorkspace(p: Conv2dParams, variant?: string): number {
  const [, kH, kW, c] = p.filterShape;
  const K = kH * kW * c;
  return (convShape(p) === 'pointwise' ? 0 : 2 * K) + (variantCode(variant) === 2 ? 4 * K : 0);
}

/**
 * The `pairs` filter table (int16, 4-byte aligned; see anvil_conv2d_dsp_pairs_s8.h): per pair of
 * output channels (an odd out_c's last row twice) and per 4-byte word [b0 b1 b2 b3] of K, the
 * halfword pairs [b0 b2][b1 b3] (what anvil_even16 and anvil_odd16 make of it) of the first
 * row, then of the second; then the K % 4 tail bytes, first and second row alternating. One
 * pointer then walks both rows with two LDRDs per word, and a pair of rows takes 2·K entries.
 */
export function dspPairsTable(w: Int8Array, outC: number, K: number): Int16Array {
  const k4 = K - (K % 4);
  const pairs = Math.ceil(outC / 2);
  const out = new Int16Array(pairs * 2 * K);
  for (let g = 0; g < pairs; g++) {
    const rows = [2 * g, Math.min(2 * g + 1, outC - 1)].map((c) => c * K);
    const at = g * 2 * K;
    for (let k = 0; k < k4; k += 4)
      rows.forEach((row, r) => {
        const i = at + 2 * k + 4 * r;
        out[i] = w[row + k] as number;
        out[i + 1] = w[row + k + 2] as number;
        out[i + 2] = w[row + k + 1] as number;
        out[i + 3] = w[row + k + 3] as number;
      });
    for (let k = k4; k < K; k++) rows.forEach((row, r) => (out[at + 2 * k + r] = w[row + k] as number));
  }
  return out;
}

/**
 * The Helium kernel's `filter` table (see anvil_conv2d_mve_s8.h), per group of four output
 * channels (zeros past the last): every 16-byte block of the four filter rows in turn, then the
 * rows' K % 16 tail bytes one after another; then [bias][multiplier] as four little-endian
 * int32 each, [minus the right shift] and, unless every channel shifts right only, [left
 * shift] as four int8 each (widened as they load).
 * One pointer then walks the rows with immediate offsets, leaving registers for eight sums,
 * and reaches each group's constants with no arithmetic of its own.
 */
export function mveFilterTable(
  w: Int8Array,
  outC: number,
  K: number,
  bias: Int32Array,
  multipliers: readonly number[],
  shifts: readonly number[],
): number[] {
  const out: number[] = [];
  const row = (c: number, k: number): number => (c < outC ? (w[c * K + k] as number) : 0);
  const per = (a: readonly number[], c: number): number => (a.length === 1 ? a[0] : a[c]) as number;
  const lanes = (g: number, bytes: number, f: (c: number) => number): void => {
    for (let c = g; c < g + 4; c++) {
      const v = c < outC ? f(c) : 0;
      for (let b = 0; b < bytes; b++) out.push(((v >> (8 * b)) << 24) >> 24);
    }
  };
  const full = K - (K % 16);
  const leftToo = mveRequantForm(shifts) === 0;
  for (let g = 0; g < outC; g += 4) {
    for (let k0 = 0; k0 < full; k0 += 16) for (let r = 0; r < 4; r++) for (let k = k0; k < k0 + 16; k++) out.push(row(g + r, k));
    for (let r = 0; r < 4; r++) for (let k = full; k < K; k++) out.push(row(g + r, k));
    lanes(g, 4, (c) => bias[c] as number);
    lanes(g, 4, (c) => per(multipliers, c));
    lanes(g, 1, (c) => -Math.max(-per(shifts, c), 0));
    if (leftToo) lanes(g, 1, (c) => Math.max(per(shifts, c), 0));
  }
  return out;
}

/**
 * Int8 convolution as a matrix product (`runtime-c/kernels/anvil_conv2d_{dsp,mve}_s8.h`): the
 * TS derives the shapes, the folded bias and the split requantization tables, or for Helium
 * one table of filter rows four by four with their constants (mveFilterTable).
 */
export function emitConv2dSimd(node: NodeOf<'CONV_2D'>, ctx: KernelEmitContext, isa: SimdBackend): KernelCall {
  const wId = node.inputs[1] as number;
  return emitConvCall(conv2dParams(node, ctx.graph), int8Weights(ctx.graph, wId), node.inputs[2], ctx, isa, () => ctx.weightSymbol(wId));
}

/**
 * The convolution kernel call for `p` with filter `w` laid out [out_c][k_h][k_w][in_c], in the
 * variant `ctx.variant` (DSP_CONV_VARIANTS). The DSP kernel in place reads the filter through
 * `dspFilter()` (the model's weights when they already have that layout, else a table of `w`);
 * its `pairs` variants and Helium take their own table, and not asking for the weights' symbol
 * keeps them out of the generated weights.
 */
export function emitConvCall(
  p: Conv2dParams,
  w: Int8Array,
  biasId: number | undefined,
  ctx: KernelEmitContext,
  isa: SimdBackend,
  dspFilter: () => KernelParam,
): KernelCall {
  const [batches, inH, inW, inC] = p.inputShape;
  const [outC, kH, kW] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const K = kH * kW * inC;
  const pairs = variantCode(ctx.variant);
  if (isa.isa !== 'dsp' && pairs !== 0) throw new Error(`conv2d variant '${ctx.variant}' is for the DSP kernel only, not ${isa.isa}`);
  const dspTables = (): Array<readonly [string, KernelParam]> =>
    pairs === 0
      ? [['filter', dspFilter()]]
      : [
          ['pairs', pairs],
          ['filter16', { table: { ctype: 'int16_t', values: dspPairsTable(w, outC, K), align: 4 } }],
        ];
  const bias = foldedBias(ctx.graph, biasId, outC, K, p.inputOffset, (c, k) => w[c * K + k] as number);
  const tables: Array<readonly [string, KernelParam]> =
    isa.isa === 'mve'
      ? [
          ['right_only', mveRequantForm(p.outputShifts)],
          ['filter', { table: { ctype: 'int8_t', values: mveFilterTable(w, outC, K, bias, p.outputMultipliers, p.outputShifts) } }],
        ]
      : [...splitRequantParams(p.outputMultipliers, p.outputShifts), ...dspTables(), ['bias', int32Table(bias)]];
  return {
    // The pairs layouts are their own kernel, so a firmware without them carries none of their code.
    function: pairs === 0 ? `anvil_conv2d_${isa.isa}_s8` : 'anvil_conv2d_dsp_pairs_s8',
    operands: [0],
    params: [
      ['batches', batches],
      ['in_h', inH],
      ['in_w', inW],
      ['in_c', inC],
      ['out_h', outH],
      ['out_w', outW],
      ['out_c', outC],
      ['k_h', kH],
      ['k_w', kW],
      ...windowParams(p),
      ['pointwise', convShape(p) === 'pointwise' ? 1 : 0],
      ...offsetParams(p, p.inputOffset),
      ...tables,
    ],
  };
}
