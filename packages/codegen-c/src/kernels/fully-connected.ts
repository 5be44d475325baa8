import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { fullyConnectedParams } from '@anvil/interp';
import { prototype } from '../signature.js';
import { requantTables } from './requant-tables.js';

/** Portable int8 fully connected: weights [units, depth], per-tensor or per-unit rescale. */
export function emitFullyConnected(node: NodeOf<'FULLY_CONNECTED'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = fullyConnectedParams(node, graph);
  const q = requantTables(p.outputMultipliers, p.outputShifts);
  const bias = (node.inputs[2] ?? -1) >= 0 ? ctx.weightSymbol(node.inputs[2] as number) : undefined;
  const weight = p.weightsOffset === 0 ? '(int32_t)w[d]' : `((int32_t)w[d] + ${p.weightsOffset})`;
  return `${q.decl}
${prototype(ctx.functionName, node, graph, false)} {
  int b, oc, d;
  for (b = 0; b < ${p.batches}; ++b) {
    const int8_t *in = x0 + b * ${p.depth};
    for (oc = 0; oc < ${p.units}; ++oc) {
      const int8_t *w = ${ctx.weightSymbol(node.inputs[1] as number)} + oc * ${p.depth};
      int32_t acc = 0;
      for (d = 0; d < ${p.depth}; ++d) acc += ${weight} * ((int32_t)in[d] + ${p.inputOffset});
${bias === undefined ? '' : `      acc = anvil_add_wrap(acc, ${bias}[oc]);\n`}      acc = anvil_mbqm(acc, ${q.mult}, ${q.shift}) + ${p.outputOffset};
      y0[b * ${p.units} + oc] = (int8_t)anvil_clamp(acc, ${p.activationMin}, ${p.activationMax});
    }
  }
  return ANVIL_OK;
}
`;
}
