import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { depthwiseConv2dParams } from '@anvil/interp';
import type { DepthwiseConv2dParams } from '@anvil/interp';
import { cArray, prototype } from '@anvil/codegen-c';
import { foldedBias, int8Weights } from './folded-bias.js';
import { int32Table, requant, splitRequantExact } from './requant.js';
import type { SimdBackend } from './simd-backend.js';

/** Depth multiplier 1 with whole groups of four channels (the DSP loop's unit). */
export function depthwiseSupported(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph): boolean {
  const p = depthwiseConv2dParams(node, graph);
  return p.depthMultiplier === 1 && p.inputShape[3] % 4 === 0 && p.inputShape[0] === 1 && splitRequantExact(p.outputMultipliers);
}

/** One row of the zero point, which taps in the padding point at. */
export function depthwiseWorkspace(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph): number {
  return depthwiseConv2dParams(node, graph).inputShape[3];
}

function tapPointers(p: DepthwiseConv2dParams, taps: number): string {
  const [, inH, inW, C] = p.inputShape;
  const [, kH, kW] = p.filterShape;
  return `      const int iy0 = oy * ${p.strideH} - ${p.padTop};
      const int ix0 = ox * ${p.strideW} - ${p.padLeft};
      int t = 0, fy, fx;
      for (fy = 0; fy < ${kH}; ++fy) {
        const int iy = iy0 + ${p.dilationH} * fy;
        for (fx = 0; fx < ${kW}; ++fx) {
          const int ix = ix0 + ${p.dilationW} * fx;
          tap[t++] = (iy < 0 || iy >= ${inH} || ix < 0 || ix >= ${inW}) ? zrow : x0 + (iy * ${inW} + ix) * ${C};
        }
      }
${taps > kH * kW ? '      tap[t] = zrow;\n' : ''}`;
}

/**
 * Int8 depthwise convolution. Every output pixel first gets one pointer per filter tap (into
 * the input, or at a row of the zero point for taps in the padding, so border pixels need no
 * separate loop), then channels are processed in groups. DSP: four channels, two taps per
 * SMLAD, with the filter rearranged at compile time so each weight word splits into the pairs
 * the packed inputs need. MVE: eight channels widened to 16 bits, products widened into two
 * vectors of 32-bit sums (even and odd channels).
 */
export function emitDepthwiseSimd(node: NodeOf<'DEPTHWISE_CONV_2D'>, ctx: KernelEmitContext, isa: SimdBackend): string {
  const graph = ctx.graph;
  const p = depthwiseConv2dParams(node, graph);
  const [, , , C] = p.inputShape;
  const [, kH, kW] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const T = kH * kW;
  const w = int8Weights(graph, node.inputs[1] as number);
  const at = (t: number, c: number): number => (t < T ? (w[t * C + c] as number) : 0);
  const bias = foldedBias(graph, node.inputs[2], C, T, p.inputOffset, (c, t) => at(t, c));
  const rq = requant(p.outputMultipliers, p.outputShifts, p.outputOffset, p.activationMin, p.activationMax);
  const zp = -p.inputOffset;
  if (isa.isa === 'dsp') {
    const pairs = Math.ceil(T / 2);
    const arranged: number[] = [];
    for (let q = 0; q < C / 4; q++)
      for (let j = 0; j < pairs; j++) {
        const [a, b] = [2 * j, 2 * j + 1];
        const c = 4 * q;
        arranged.push(at(a, c), at(a, c + 1), at(b, c), at(b, c + 1), at(a, c + 2), at(a, c + 3), at(b, c + 2), at(b, c + 3));
      }
    return `${rq.decl}${int32Table('k_bias', bias)}
/* Per group of four channels and pair of taps (a, b): [a0 a1 b0 b1] [a2 a3 b2 b3]. */
${cArray('int8_t', 'k_filter', arranged).replace(/\] =/, '] ANVIL_ALIGNED(4) =')}

${prototype(ctx.functionName, node, graph, true)} {
  int8_t *zrow = (int8_t *)workspace;
  const int8_t *tap[${2 * pairs}];
  int oy, ox, q, j;
  memset(zrow, ${zp}, ${C});
  for (oy = 0; oy < ${outH}; ++oy) {
    for (ox = 0; ox < ${outW}; ++ox) {
${tapPointers(p, 2 * pairs)}      int8_t *out = y0 + (oy * ${outW} + ox) * ${C};
      const int8_t *f = k_filter;
      for (q = 0; q < ${C}; q += 4) {
        int32_t a0 = k_bias[q], a1 = k_bias[q + 1], a2 = k_bias[q + 2], a3 = k_bias[q + 3];
        for (j = 0; j < ${2 * pairs}; j += 2) {
          const uint32_t xa = anvil_rd32(tap[j] + q), xb = anvil_rd32(tap[j + 1] + q);
          const int16x2_t ea = anvil_even16(xa), oa = anvil_odd16(xa), eb = anvil_even16(xb), ob = anvil_odd16(xb);
          const uint32_t u = anvil_rd32(f), v = anvil_rd32(f + 4);
          a0 = __smlad(anvil_even16(u), anvil_pack_lo(ea, eb), a0);
          a1 = __smlad(anvil_odd16(u), anvil_pack_lo(oa, ob), a1);
          a2 = __smlad(anvil_even16(v), anvil_pack_hi(ea, eb), a2);
          a3 = __smlad(anvil_odd16(v), anvil_pack_hi(oa, ob), a3);
          f += 8;
        }
        out[q] = ${rq.store('a0', 'q')};
        out[q + 1] = ${rq.store('a1', 'q + 1')};
        out[q + 2] = ${rq.store('a2', 'q + 2')};
        out[q + 3] = ${rq.store('a3', 'q + 3')};
      }
    }
  }
  return ANVIL_OK;
}
`;
  }
  // MVE: per-channel constants laid out per group of eight channels as [even lanes][odd lanes].
  const groups = Math.ceil(C / 8);
  const lanes = (value: (c: number) => number): number[] => {
    const out: number[] = [];
    for (let g = 0; g < groups; g++)
      for (const parity of [0, 1]) for (let i = 0; i < 4; i++) out.push(8 * g + 2 * i + parity < C ? value(8 * g + 2 * i + parity) : 0);
    return out;
  };
  const perCh = (v: readonly number[]) => (c: number) => (v.length === 1 ? (v[0] as number) : (v[c] as number));
  const table = (name: string, values: readonly number[]): string => int32Table(name, values).replace(/\] =/, '] ANVIL_ALIGNED(16) =');
  return `${table(
    'k_bias_lanes',
    lanes((c) => bias[c] as number),
  )}
${table('k_mult_lanes', lanes(perCh(p.outputMultipliers)))}
${table(
  'k_left_lanes',
  lanes((c) => Math.max(perCh(p.outputShifts)(c), 0)),
)}
${table(
  'k_neg_right_lanes',
  lanes((c) => Math.min(perCh(p.outputShifts)(c), 0)),
)}
static const uint32_t k_lane_offsets[4] ANVIL_ALIGNED(16) = {0, 2, 4, 6};

${prototype(ctx.functionName, node, graph, true)} {
  const int8_t *filter = ${ctx.weightSymbol(node.inputs[1] as number)};
  const uint32x4_t lane_offsets = vldrwq_u32(k_lane_offsets);
  int8_t *zrow = (int8_t *)workspace;
  const int8_t *tap[${T}];
  int oy, ox, g;
  memset(zrow, ${zp}, ${C});
  for (oy = 0; oy < ${outH}; ++oy) {
    for (ox = 0; ox < ${outW}; ++ox) {
${tapPointers(p, T)}      int8_t *out = y0 + (oy * ${outW} + ox) * ${C};
      for (g = 0; g < ${groups}; ++g) {
        const int c = 8 * g;
        const int k = 8 * g;
        const mve_pred16_t pred = vctp16q((uint32_t)(${C} - c));
        /* Channels come in multiples of four: even and odd lanes hold the same count. */
        const mve_pred16_t lanes = vctp32q((uint32_t)((${C} - c) / 2));
        int32x4_t even = vldrwq_s32(k_bias_lanes + k), odd = vldrwq_s32(k_bias_lanes + k + 4);
        for (t = 0; t < ${T}; ++t) {
          const int16x8_t xv = vldrbq_z_s16(tap[t] + c, pred), wv = vldrbq_z_s16(filter + t * ${C} + c, pred);
          even = vaddq_s32(even, vmullbq_int_s16(xv, wv));
          odd = vaddq_s32(odd, vmulltq_int_s16(xv, wv));
        }
        even = anvil_mve_requant(even, vldrwq_s32(k_mult_lanes + k), vldrwq_s32(k_left_lanes + k), vldrwq_s32(k_neg_right_lanes + k), ${p.outputOffset}, ${p.activationMin}, ${p.activationMax});
        odd = anvil_mve_requant(odd, vldrwq_s32(k_mult_lanes + k + 4), vldrwq_s32(k_left_lanes + k + 4), vldrwq_s32(k_neg_right_lanes + k + 4), ${p.outputOffset}, ${p.activationMin}, ${p.activationMax});
        vstrbq_scatter_offset_p_s32(out + c, lane_offsets, even, lanes);
        vstrbq_scatter_offset_p_s32(out + c + 1, lane_offsets, odd, lanes);
      }
    }
  }
  return ANVIL_OK;
}
`;
}
