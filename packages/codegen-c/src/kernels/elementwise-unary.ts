import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { LOGISTIC_INPUT_INTEGER_BITS, dequantizeParams, logisticParams, quantizeParams } from '@anvil/interp';
import { cFloat, cInt } from '../c-text.js';
import { prototype } from '../signature.js';

function count(graph: Graph, node: { outputs: readonly number[] }): number {
  return (graph.tensors[node.outputs[0] ?? -1]?.shape ?? []).reduce((a, d) => a * d, 1);
}

/**
 * QUANTIZE: float32 → int8 divides by the float scale in float and rounds half away from
 * zero (roundf); out-of-range casts are defined here as INT32_MIN, which is what the
 * reference's x86 build produces. int8 → int8 requantizes.
 */
export function emitQuantize(node: NodeOf<'QUANTIZE'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = quantizeParams(node, graph);
  const n = count(graph, node);
  const body =
    p.kind === 'affine'
      ? `    const float r = roundf(x0[i] / ${cFloat(p.scale)});
    const int32_t q = (r >= -2147483648.0f && r < 2147483648.0f) ? (int32_t)r : INT32_MIN;
    y0[i] = (int8_t)anvil_clamp(anvil_add_wrap(q, ${p.zeroPoint}), -128, 127);`
      : `    const int32_t scaled = anvil_mbqm((int32_t)x0[i] - ${p.inputZeroPoint}, ${cInt(p.multiplier)}, ${p.shift});
    y0[i] = (int8_t)anvil_clamp(scaled + ${p.outputZeroPoint}, -128, 127);`;
  return `${prototype(ctx.functionName, node, graph, false)} {
  int i;
  for (i = 0; i < ${n}; ++i) {
${body}
  }
  return ANVIL_OK;
}
`;
}

/** DEQUANTIZE: (q - zp) * scale, multiplied in double and rounded once to float. */
export function emitDequantize(node: NodeOf<'DEQUANTIZE'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = dequantizeParams(node, graph);
  return `${prototype(ctx.functionName, node, graph, false)} {
  int i;
  for (i = 0; i < ${count(graph, node)}; ++i) y0[i] = (float)((double)${cFloat(p.scale)} * (double)((int32_t)x0[i] - ${p.zeroPoint}));
  return ANVIL_OK;
}
`;
}

/** int8 LOGISTIC: saturate beyond the input radius, else gemmlowp's logistic in Q4.27. */
export function emitLogistic(node: NodeOf<'LOGISTIC'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = logisticParams(node, graph);
  return `${prototype(ctx.functionName, node, graph, false)} {
  int i;
  for (i = 0; i < ${count(graph, node)}; ++i) {
    const int32_t x = (int32_t)x0[i] - ${p.inputZeroPoint};
    if (x <= -${p.inputRangeRadius}) {
      y0[i] = -128;
    } else if (x >= ${p.inputRangeRadius}) {
      y0[i] = 127;
    } else {
      const int32_t in_q4 = anvil_mbqm(x, ${cInt(p.inputMultiplier)}, ${p.inputLeftShift});
      const int32_t out_q0 = anvil_logistic_q(in_q4, ${LOGISTIC_INPUT_INTEGER_BITS});
      y0[i] = (int8_t)anvil_clamp(anvil_rdbpot(out_q0, 23) - 128, -128, 127);
    }
  }
  return ANVIL_OK;
}
`;
}
