import { elementCount, errors, fail } from '@anvil/core';
import { biasTensor, weightTensor } from './conv-weights.js';
import type { FoldContext, QConst } from './fold-context.js';
import { label, unsupported } from './fold-context.js';
import type { OpOutput } from './fold-conv.js';
import type { Act } from './graph-builder.js';
import { identity } from './layout.js';
import type { OnnxNode } from './onnx-model.js';

/**
 * Gemm / MatMul with constant weights → FULLY_CONNECTED (weights [units, depth]). `transposed`
 * says the stored weights are already [units, depth] (Gemm transB = 1); otherwise they are
 * [depth, units] and are transposed here, per-channel scales moving with their axis.
 */
export function foldFullyConnected(
  ctx: FoldContext,
  n: OnnxNode,
  a: Act,
  w: QConst,
  bias: QConst | undefined,
  transposed: boolean,
  out: OpOutput,
): void {
  if (w.init.dims.length !== 2) unsupported(n, `has ${w.init.dims.length}-D weights`, 'use 2-D constant weights');
  const [rows, cols] = w.init.dims as [number, number];
  const [units, depth] = transposed ? [rows, cols] : [cols, rows];
  const unitAxis = transposed ? 0 : 1;
  if (w.scale.length > 1 && w.axis !== unitAxis) {
    unsupported(n, `weights are quantized per channel along the reduced axis`, 'quantize weights per output unit');
  }
  const x = ctx.logicalOrder(n, a);
  const inner = x.logical[x.logical.length - 1] ?? 0;
  if (inner !== depth) fail(errors.modelCorrupt(`${label(n)}: input [${x.logical.join(',')}] does not end in the weights' depth ${depth}`));
  const weights = weightTensor(ctx, n, w, transposed ? [0, 1] : [1, 0]);
  const inputs = [x.tensor, weights];
  if (bias !== undefined) {
    if (elementCount(bias.init.dims) !== units) fail(errors.modelCorrupt(`${label(n)}: bias "${bias.name}" does not have ${units} values`));
    inputs.push(biasTensor(ctx, n, bias, ctx.b.quantOf(x).scale, w.scale, units));
  }
  const keepNumDims = x.logical.length !== 2;
  const logical = keepNumDims ? [...x.logical.slice(0, -1), units] : [elementCount(x.logical) / depth, units];
  const y = ctx.newAct(out.name, logical, identity(logical.length), out.q);
  ctx.b.addNode('FULLY_CONNECTED', out.name, inputs, [y.tensor], { activation: out.activation, keepNumDims });
  ctx.define(out.name, y);
}

/** Gemm's attributes that Anvil can express: A not transposed, alpha = beta = 1. */
export function checkGemm(ctx: FoldContext, n: OnnxNode): boolean {
  if (ctx.int(n, 'transA', 0) !== 0) unsupported(n, 'has transA = 1', 'export Gemm with the activation untransposed');
  const alpha = ctx.float(n, 'alpha', 1);
  const beta = ctx.float(n, 'beta', 1);
  if (alpha !== 1 || beta !== 1) unsupported(n, `has alpha ${alpha} and beta ${beta}`, 'fold alpha and beta into the weights and bias');
  return ctx.int(n, 'transB', 0) === 1;
}
