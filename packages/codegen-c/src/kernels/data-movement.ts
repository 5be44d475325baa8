import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { concatenationParams, padParams } from '@anvil/interp';
import { operand, prototype } from '../signature.js';

/** PAD/PADV2: fill with the pad value, then copy the input block row by row. */
export function emitPad(node: NodeOf<'PAD'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = padParams(node, graph);
  const rank = p.inputShape.length;
  const total = p.outputShape.reduce((a, d) => a * d, 1);
  const outStrides = p.outputShape.map((_, k) => p.outputShape.slice(k + 1).reduce((a, d) => a * d, 1));
  const inner = p.inputShape[rank - 1] ?? 1;
  const outer = p.inputShape.slice(0, -1);
  const vars = outer.map((_, k) => `i${k}`);
  let loops = '';
  let close = '';
  outer.forEach((d, k) => {
    const pad = '  '.repeat(k + 1);
    loops += `${pad}for (i${k} = 0; i${k} < ${d}; ++i${k}) {\n`;
    close = `${pad}}\n${close}`;
  });
  const base = [
    ...outer.map((_, k) => `(i${k} + ${p.amounts[k]?.[0] ?? 0}) * ${outStrides[k]}`),
    String(p.amounts[rank - 1]?.[0] ?? 0),
  ].join(' + ');
  const depth = '  '.repeat(outer.length + 1);
  return `${prototype(ctx.functionName, node, graph, false)} {
  const int8_t *in = x0;
${vars.length > 0 ? `  int ${vars.join(', ')};\n` : ''}  memset(y0, ${p.padValue}, ${total});
${loops}${depth}memcpy(y0 + ${base}, in, ${inner});
${depth}in += ${inner};
${close}  return ANVIL_OK;
}
`;
}

/** CONCATENATION with one shared quantization: interleave each input's slabs. */
export function emitConcatenation(node: NodeOf<'CONCATENATION'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = concatenationParams(node, graph);
  const total = p.inputSlabSizes.reduce((a, s) => a + s, 0);
  const copies = p.inputSlabSizes
    .map((size, i) => {
      const before = p.inputSlabSizes.slice(0, i).reduce((a, s) => a + s, 0);
      return `    memcpy(y0 + outer * ${total} + ${before}, ${operand(node, graph, ctx, i)} + outer * ${size}, ${size});`;
    })
    .join('\n');
  return `${prototype(ctx.functionName, node, graph, false)} {
  int outer;
  for (outer = 0; outer < ${p.outerSize}; ++outer) {
${copies}
  }
  return ANVIL_OK;
}
`;
}
