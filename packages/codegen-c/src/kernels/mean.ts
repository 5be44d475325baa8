import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { meanParams } from '@anvil/interp';
import { cInt } from '../c-text.js';
import { prototype } from '../signature.js';

/**
 * int8 MEAN (QuantizedMeanOrSum): wrapping int32 sums per output, minus zp × count in 64
 * bits, one rescale with the division folded into the multiplier. Needs one int32 per output
 * of workspace for the sums.
 */
export function emitMean(node: NodeOf<'MEAN'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = meanParams(node, graph);
  const rank = p.inputShape.length;
  const outStrides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = rank - 1; k >= 0; k--) {
    if (p.axes.includes(k)) continue;
    outStrides[k] = stride;
    stride *= p.inputShape[k] ?? 1;
  }
  const outCount = stride;
  const vars = p.inputShape.map((_, k) => `i${k}`);
  let loops = '';
  let close = '';
  p.inputShape.forEach((d, k) => {
    const pad = '  '.repeat(k + 1);
    loops += `${pad}for (i${k} = 0; i${k} < ${d}; ++i${k}) {\n`;
    close = `${pad}}\n${close}`;
  });
  const outIndex =
    outStrides
      .map((s, k) => (s === 0 ? '' : `i${k} * ${s}`))
      .filter((e) => e)
      .join(' + ') || '0';
  const depth = '  '.repeat(rank + 1);
  return `${prototype(ctx.functionName, node, graph, true)} {
  int32_t *sums = (int32_t *)workspace;
  const int8_t *in = x0;
  int j${vars.length > 0 ? `, ${vars.join(', ')}` : ''};
  for (j = 0; j < ${outCount}; ++j) sums[j] = 0;
${loops}${depth}sums[${outIndex}] = anvil_add_wrap(sums[${outIndex}], *in++);
${close}  for (j = 0; j < ${outCount}; ++j) {
    const int32_t shifted = (int32_t)((int64_t)sums[j] - (int64_t)${p.inputZeroPoint} * ${p.reducedCount});
    const int32_t scaled = anvil_mbqm(shifted, ${cInt(p.outputMultiplier)}, ${p.outputShift});
    y0[j] = (int8_t)anvil_clamp(scaled + ${p.outputZeroPoint}, -128, 127);
  }
  return ANVIL_OK;
}
`;
}

export function meanWorkspaceBytes(node: NodeOf<'MEAN'>, graph: Graph): number {
  const p = meanParams(node, graph);
  return 4 * p.inputShape.reduce((a, d, k) => (p.axes.includes(k) ? a : a * d), 1);
}
