import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { pool2dParams } from '@anvil/interp';
import { prototype } from '../signature.js';

/** Average and max pooling over the window clipped to the image (padding never counts). */
export function emitPool2d(node: NodeOf<'AVERAGE_POOL_2D'> | NodeOf<'MAX_POOL_2D'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = pool2dParams(node, graph);
  const [batches, inH, inW, channels] = p.inputShape;
  const [, outH, outW] = p.outputShape;
  const average = node.op === 'AVERAGE_POOL_2D';
  const init = average ? 'int32_t sum = 0; int count = 0;' : 'int32_t max = -128;';
  const step = average ? 'sum += v; ++count;' : 'if (v > max) max = v;';
  // count is never 0: the verifier's window arithmetic guarantees an overlap with the image.
  const result = average
    ? `const int32_t half = count / 2;
            const int32_t avg = sum > 0 ? (sum + half) / count : (sum - half) / count;
            *out++ = (int8_t)anvil_clamp(avg, ${p.activationMin}, ${p.activationMax});`
    : `*out++ = (int8_t)anvil_clamp(max, ${p.activationMin}, ${p.activationMax});`;
  return `${prototype(ctx.functionName, node, graph, false)} {
  int8_t *out = y0;
  int b, oy, ox, c, fy, fx;
  for (b = 0; b < ${batches}; ++b) {
    for (oy = 0; oy < ${outH}; ++oy) {
      const int iy0 = oy * ${p.strideH} - ${p.padTop};
      const int fy0 = iy0 < 0 ? -iy0 : 0;
      const int fy1 = ${p.filterH} < ${inH} - iy0 ? ${p.filterH} : ${inH} - iy0;
      for (ox = 0; ox < ${outW}; ++ox) {
        const int ix0 = ox * ${p.strideW} - ${p.padLeft};
        const int fx0 = ix0 < 0 ? -ix0 : 0;
        const int fx1 = ${p.filterW} < ${inW} - ix0 ? ${p.filterW} : ${inW} - ix0;
        for (c = 0; c < ${channels}; ++c) {
          ${init}
          for (fy = fy0; fy < fy1; ++fy) {
            for (fx = fx0; fx < fx1; ++fx) {
              const int32_t v = x0[((b * ${inH} + iy0 + fy) * ${inW} + ix0 + fx) * ${channels} + c];
              ${step}
            }
          }
          {
            ${result}
          }
        }
      }
    }
  }
  return ANVIL_OK;
}
`;
}
