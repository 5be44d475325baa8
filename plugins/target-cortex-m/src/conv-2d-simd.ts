import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { conv2dParams } from '@anvil/interp';
import type { Conv2dParams } from '@anvil/interp';
import { prototype } from '@anvil/codegen-c';
import { foldedBias, int8Weights } from './folded-bias.js';
import { int32Table, requant, splitRequantExact } from './requant.js';
import type { SimdBackend } from './simd-backend.js';

/** Which loop the node gets: a 1×1 convolution reads its input pixels in place, others im2col. */
export function convShape(p: Conv2dParams): 'pointwise' | 'im2col' {
  const [, kH, kW] = p.filterShape;
  const pointwise =
    kH === 1 &&
    kW === 1 &&
    p.strideH === 1 &&
    p.strideW === 1 &&
    p.padTop === 0 &&
    p.padLeft === 0 &&
    p.inputShape[1] === p.outputShape[1] &&
    p.inputShape[2] === p.outputShape[2];
  return pointwise ? 'pointwise' : 'im2col';
}

/** Ungrouped int8 convolutions only; grouped ones keep the portable kernel. */
export function convSupported(node: NodeOf<'CONV_2D'>, graph: Graph): boolean {
  const p = conv2dParams(node, graph);
  return p.filterShape[3] === p.inputShape[3] && splitRequantExact(p.outputMultipliers);
}

/** Two im2col columns of K bytes each (none for pointwise). */
export function convWorkspace(node: NodeOf<'CONV_2D'>, graph: Graph): number {
  const p = conv2dParams(node, graph);
  if (convShape(p) === 'pointwise') return 0;
  const [, kH, kW, c] = p.filterShape;
  return 2 * kH * kW * c;
}

/**
 * Int8 convolution as a matrix product: output pixels two at a time (their receptive fields
 * copied to two columns, padding filled with the input zero point), output channels two at a
 * time against the filter rows in place, four dot products per pass of the SIMD inner loop.
 */
export function emitConv2dSimd(node: NodeOf<'CONV_2D'>, ctx: KernelEmitContext, isa: SimdBackend): string {
  const graph = ctx.graph;
  const p = conv2dParams(node, graph);
  const [batches, inH, inW, inC] = p.inputShape;
  const [outC, kH, kW] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const K = kH * kW * inC;
  const pixels = outH * outW;
  const zp = -p.inputOffset;
  const shape = convShape(p);
  const w = int8Weights(graph, node.inputs[1] as number);
  const bias = foldedBias(graph, node.inputs[2], outC, K, p.inputOffset, (c, k) => w[c * K + k] as number);
  const rq = requant(p.outputMultipliers, p.outputShifts, p.outputOffset, p.activationMin, p.activationMax);
  const filter = ctx.weightSymbol(node.inputs[1] as number);
  const k4 = Math.floor(K / 4) * 4;
  const dot =
    isa.isa === 'mve'
      ? `      anvil_mve_dot_2x2(f0, f1, c0, c1, ${K}, acc);`
      : `      anvil_dsp_dot_2x2(f0, f1, c0, c1, ${k4 / 4}, acc);${
          k4 === K
            ? ''
            : `
      for (k = ${k4}; k < ${K}; ++k) {
        acc[0] += (int32_t)f0[k] * c0[k];
        acc[1] += (int32_t)f0[k] * c1[k];
        acc[2] += (int32_t)f1[k] * c0[k];
        acc[3] += (int32_t)f1[k] * c1[k];
      }`
        }`;
  const im2col =
    shape === 'pointwise'
      ? ''
      : `
/* Receptive field of output pixel p as one K-byte column; taps in the padding read the zero point. */
static void im2col(const int8_t *ANVIL_RESTRICT x, int p, int8_t *ANVIL_RESTRICT col) {
  const int iy0 = (p / ${outW}) * ${p.strideH} - ${p.padTop};
  const int ix0 = (p % ${outW}) * ${p.strideW} - ${p.padLeft};
  int fy, fx;
  for (fy = 0; fy < ${kH}; ++fy) {
    const int iy = iy0 + ${p.dilationH} * fy;
    int8_t *dst = col + fy * ${kW * inC};
    if (iy < 0 || iy >= ${inH}) {
      memset(dst, ${zp}, ${kW * inC});
      continue;
    }
${
  p.dilationW === 1
    ? `    if (ix0 >= 0 && ix0 + ${kW} <= ${inW}) {
      memcpy(dst, x + (iy * ${inW} + ix0) * ${inC}, ${kW * inC});
      continue;
    }
`
    : ''
}    for (fx = 0; fx < ${kW}; ++fx) {
      const int ix = ix0 + ${p.dilationW} * fx;
      if (ix < 0 || ix >= ${inW}) memset(dst + fx * ${inC}, ${zp}, ${inC});
      else memcpy(dst + fx * ${inC}, x + (iy * ${inW} + ix) * ${inC}, ${inC});
    }
  }
}
`;
  const columns =
    shape === 'pointwise'
      ? `      const int8_t *c0 = xb + p * ${inC};
      const int8_t *c1 = xb + p1 * ${inC};`
      : `      int8_t *c0 = (int8_t *)workspace;
      int8_t *c1 = c0 + ${K};
      im2col(xb, p, c0);
      im2col(xb, p1, c1);`;
  return `${rq.decl}${int32Table('k_bias', bias)}
${im2col}
${prototype(ctx.functionName, node, graph, shape !== 'pointwise')} {
  const int8_t *filter = ${filter};
  int b, p, oc${isa.isa === 'dsp' && k4 !== K ? ', k' : ''};
  for (b = 0; b < ${batches}; ++b) {
    const int8_t *xb = x0 + b * ${inH * inW * inC};
    int8_t *yb = y0 + b * ${pixels * outC};
    /* An odd last pixel (or channel) pairs with itself; both results are the same value. */
    for (p = 0; p < ${pixels}; p += 2) {
      const int p1 = p + 1 < ${pixels} ? p + 1 : p;
${columns}
      for (oc = 0; oc < ${outC}; oc += 2) {
        const int oc1 = oc + 1 < ${outC} ? oc + 1 : oc;
        const int8_t *f0 = filter + oc * ${K};
        const int8_t *f1 = filter + oc1 * ${K};
        int32_t acc[4];
        acc[0] = acc[1] = k_bias[oc];
        acc[2] = acc[3] = k_bias[oc1];
  ${dot}
        yb[p * ${outC} + oc] = ${rq.store('acc[0]', 'oc')};
        yb[p1 * ${outC} + oc] = ${rq.store('acc[1]', 'oc')};
        yb[p * ${outC} + oc1] = ${rq.store('acc[2]', 'oc1')};
        yb[p1 * ${outC} + oc1] = ${rq.store('acc[3]', 'oc1')};
      }
    }
  }
  return ANVIL_OK;
}
`;
}
