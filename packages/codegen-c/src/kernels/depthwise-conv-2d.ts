import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { depthwiseConv2dParams } from '@anvil/interp';
import { prototype } from '../signature.js';
import { requantTables } from './requant-tables.js';

/** Portable int8 depthwise convolution; output channel oc = ic * multiplier + m. */
export function emitDepthwiseConv2d(node: NodeOf<'DEPTHWISE_CONV_2D'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = depthwiseConv2dParams(node, graph);
  const [batches, inH, inW, inC] = p.inputShape;
  const [, kH, kW, outC] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const q = requantTables(p.outputMultipliers, p.outputShifts);
  const bias = (node.inputs[2] ?? -1) >= 0 ? ctx.weightSymbol(node.inputs[2] as number) : undefined;
  return `${q.decl}
${prototype(ctx.functionName, node, graph, false)} {
  const int8_t *filter = ${ctx.weightSymbol(node.inputs[1] as number)};
  int b, oy, ox, ic, m, fy, fx;
  for (b = 0; b < ${batches}; ++b) {
    for (oy = 0; oy < ${outH}; ++oy) {
      const int iy0 = oy * ${p.strideH} - ${p.padTop};
      for (ox = 0; ox < ${outW}; ++ox) {
        const int ix0 = ox * ${p.strideW} - ${p.padLeft};
        int8_t *out = y0 + ((b * ${outH} + oy) * ${outW} + ox) * ${outC};
        for (ic = 0; ic < ${inC}; ++ic) {
          for (m = 0; m < ${p.depthMultiplier}; ++m) {
            const int oc = ic * ${p.depthMultiplier} + m;
            int32_t acc = 0;
            for (fy = 0; fy < ${kH}; ++fy) {
              const int iy = iy0 + ${p.dilationH} * fy;
              if (iy < 0 || iy >= ${inH}) continue;
              for (fx = 0; fx < ${kW}; ++fx) {
                const int ix = ix0 + ${p.dilationW} * fx;
                if (ix < 0 || ix >= ${inW}) continue;
                acc += (int32_t)filter[(fy * ${kW} + fx) * ${outC} + oc] * ((int32_t)x0[((b * ${inH} + iy) * ${inW} + ix) * ${inC} + ic] + ${p.inputOffset});
              }
            }
${bias === undefined ? '' : `            acc = anvil_add_wrap(acc, ${bias}[oc]);\n`}            acc = anvil_mbqm(acc, ${q.mult}, ${q.shift}) + ${p.outputOffset};
            out[oc] = (int8_t)anvil_clamp(acc, ${p.activationMin}, ${p.activationMax});
          }
        }
      }
    }
  }
  return ANVIL_OK;
}
`;
}
