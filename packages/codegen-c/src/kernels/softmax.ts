import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { SOFTMAX_ACCUMULATION_INTEGER_BITS, SOFTMAX_SCALED_DIFF_INTEGER_BITS, softmaxParams } from '@anvil/interp';
import { prototype } from '../signature.js';

/**
 * int8 softmax as TFLite computes it: per row, exp of the difference from the maximum in
 * fixed point, the reciprocal of the sum, and each exp scaled by it. Needs `depth` int32 of
 * workspace for the exps.
 */
export function emitSoftmax(node: NodeOf<'SOFTMAX'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = softmaxParams(node, graph);
  return `${prototype(ctx.functionName, node, graph, true)} {
  int32_t *exps = (int32_t *)workspace;
  int r, c;
  for (r = 0; r < ${p.rows}; ++r) {
    const int8_t *in = x0 + r * ${p.depth};
    int8_t *out = y0 + r * ${p.depth};
    int32_t max_in_row = -128;
    int32_t sum_of_exps = 0;
    int num_bits_over_unit;
    int32_t scale;
    int exponent;
    for (c = 0; c < ${p.depth}; ++c) if (in[c] > max_in_row) max_in_row = in[c];
    for (c = 0; c < ${p.depth}; ++c) {
      const int32_t diff = (int32_t)in[c] - max_in_row;
      if (diff < ${p.diffMin}) continue;
      exps[c] = anvil_exp_on_negative_values(anvil_mbqm_gt1(diff, ${p.inputMultiplier}, ${p.inputLeftShift}), ${SOFTMAX_SCALED_DIFF_INTEGER_BITS});
      sum_of_exps = anvil_add_wrap(sum_of_exps, anvil_rdbpot(exps[c], ${SOFTMAX_ACCUMULATION_INTEGER_BITS}));
    }
    scale = anvil_reciprocal(sum_of_exps, ${SOFTMAX_ACCUMULATION_INTEGER_BITS}, &num_bits_over_unit);
    exponent = num_bits_over_unit + 31 - 8;
    /* Rows of hundreds of near-equal values push the shift past 31; the reference refuses them too. */
    if (exponent < 0 || exponent > 31) return ANVIL_ERR_KERNEL;
    for (c = 0; c < ${p.depth}; ++c) {
      const int32_t diff = (int32_t)in[c] - max_in_row;
      if (diff < ${p.diffMin}) {
        out[c] = -128;
      } else {
        const int32_t unsat = anvil_rdbpot(anvil_srdhm(scale, exps[c]), exponent);
        out[c] = (int8_t)anvil_clamp(unsat - 128, -128, 127);
      }
    }
  }
  return ANVIL_OK;
}
`;
}

export function softmaxWorkspaceBytes(node: NodeOf<'SOFTMAX'>, graph: Graph): number {
  return 4 * softmaxParams(node, graph).depth;
}
