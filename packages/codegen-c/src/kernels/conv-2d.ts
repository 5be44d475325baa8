import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { conv2dParams } from '@anvil/interp';
import { prototype } from '../signature.js';
import { requantTables } from './requant-tables.js';

/**
 * Portable int8 convolution with every shape, stride, pad, offset and multiplier baked in.
 * Same loop nest and arithmetic as the reference (taps in the padding are skipped).
 */
export function emitConv2d(node: NodeOf<'CONV_2D'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = conv2dParams(node, graph);
  const [batches, inH, inW, inC] = p.inputShape;
  const [outC, kH, kW, filterC] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const perGroup = outC / (inC / filterC);
  const q = requantTables(p.outputMultipliers, p.outputShifts);
  const bias = (node.inputs[2] ?? -1) >= 0 ? ctx.weightSymbol(node.inputs[2] as number) : undefined;
  const channelBase = inC === filterC ? '0' : `(oc / ${perGroup}) * ${filterC}`;
  return `${q.decl}
${prototype(ctx.functionName, node, graph, false)} {
  const int8_t *filter = ${ctx.weightSymbol(node.inputs[1] as number)};
  int8_t *out = y0;
  int b, oy, ox, oc, fy, fx, ic;
  for (b = 0; b < ${batches}; ++b) {
    for (oy = 0; oy < ${outH}; ++oy) {
      const int iy0 = oy * ${p.strideH} - ${p.padTop};
      for (ox = 0; ox < ${outW}; ++ox) {
        const int ix0 = ox * ${p.strideW} - ${p.padLeft};
        for (oc = 0; oc < ${outC}; ++oc) {
          const int cb = ${channelBase};
          int32_t acc = 0;
          for (fy = 0; fy < ${kH}; ++fy) {
            const int iy = iy0 + ${p.dilationH} * fy;
            if (iy < 0 || iy >= ${inH}) continue;
            for (fx = 0; fx < ${kW}; ++fx) {
              const int ix = ix0 + ${p.dilationW} * fx;
              const int8_t *in;
              const int8_t *f;
              if (ix < 0 || ix >= ${inW}) continue;
              in = x0 + ((b * ${inH} + iy) * ${inW} + ix) * ${inC} + cb;
              f = filter + ((oc * ${kH} + fy) * ${kW} + fx) * ${filterC};
              for (ic = 0; ic < ${filterC}; ++ic) acc += (int32_t)f[ic] * ((int32_t)in[ic] + ${p.inputOffset});
            }
          }
${bias === undefined ? '' : `          acc = anvil_add_wrap(acc, ${bias}[oc]);\n`}          acc = anvil_mbqm(acc, ${q.mult}, ${q.shift}) + ${p.outputOffset};
          *out++ = (int8_t)anvil_clamp(acc, ${p.activationMin}, ${p.activationMax});
        }
      }
    }
  }
  return ANVIL_OK;
}
`;
}
