import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { fullyConnectedParams } from '@anvil/interp';
import { prototype } from '@anvil/codegen-c';
import { foldedBias, int8Weights } from './folded-bias.js';
import { int32Table, requant, splitRequantExact } from './requant.js';
import type { SimdBackend } from './simd-backend.js';

/** Symmetric int8 weights only (weights offset 0, as TFLite's int8 FC always has). */
export function fullyConnectedSupported(node: NodeOf<'FULLY_CONNECTED'>, graph: Graph): boolean {
  const w = graph.tensors[node.inputs[1] ?? -1];
  return (
    w?.data !== undefined &&
    w.dtype === 'int8' &&
    fullyConnectedParams(node, graph).weightsOffset === 0 &&
    splitRequantExact(fullyConnectedParams(node, graph).outputMultipliers)
  );
}

/** Int8 fully connected: four units at a time share each load of the input vector. */
export function emitFullyConnectedSimd(node: NodeOf<'FULLY_CONNECTED'>, ctx: KernelEmitContext, isa: SimdBackend): string {
  const graph = ctx.graph;
  const p = fullyConnectedParams(node, graph);
  const D = p.depth;
  const w = int8Weights(graph, node.inputs[1] as number);
  const bias = foldedBias(graph, node.inputs[2], p.units, D, p.inputOffset, (c, k) => w[c * D + k] as number);
  const rq = requant(p.outputMultipliers, p.outputShifts, p.outputOffset, p.activationMin, p.activationMax);
  const d4 = Math.floor(D / 4) * 4;
  const perUnit = p.outputMultipliers.length > 1;
  const dot =
    isa.isa === 'mve'
      ? `      anvil_mve_dot_4x1(rows, in, ${D}, acc);`
      : `      anvil_dsp_dot_4x1(rows, in, ${d4 / 4}, acc);${
          d4 === D
            ? ''
            : `
      for (d = ${d4}; d < ${D}; ++d) {
        acc[0] += (int32_t)rows[0][d] * in[d];
        acc[1] += (int32_t)rows[1][d] * in[d];
        acc[2] += (int32_t)rows[2][d] * in[d];
        acc[3] += (int32_t)rows[3][d] * in[d];
      }`
        }`;
  return `${rq.decl}${int32Table('k_bias', bias)}
${prototype(ctx.functionName, node, graph, false)} {
  const int8_t *weights = ${ctx.weightSymbol(node.inputs[1] as number)};
  int b, n, r${isa.isa === 'dsp' && d4 !== D ? ', d' : ''};
  for (b = 0; b < ${p.batches}; ++b) {
    const int8_t *in = x0 + b * ${D};
    int8_t *out = y0 + b * ${p.units};
    for (n = 0; n < ${p.units}; n += 4) {
      /* Past the last unit, rows repeat the last one; their (equal) results are rewritten. */
      int unit[4];
      const int8_t *rows[4];
      int32_t acc[4];
      for (r = 0; r < 4; ++r) {
        unit[r] = n + r < ${p.units} ? n + r : ${p.units - 1};
        rows[r] = weights + unit[r] * ${D};
        acc[r] = k_bias[unit[r]];
      }
${dot}
      for (r = 0; r < 4; ++r) out[unit[r]] = ${rq.store('acc[r]', perUnit ? 'unit[r]' : 'r')};
    }
  }
  return ANVIL_OK;
}
`;
}
