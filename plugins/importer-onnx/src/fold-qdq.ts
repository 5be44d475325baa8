import { sameQuant } from './graph-builder.js';
import type { FoldContext } from './fold-context.js';
import { unsupported } from './fold-context.js';
import type { OnnxNode } from './onnx-model.js';

/**
 * The QDQ boundary operators on activations: a QuantizeLinear after a DequantizeLinear of the
 * same parameters is the identity (a different scale is one QUANTIZE), a DequantizeLinear of
 * an int8 activation is a float view of it, of an initializer a quantized constant.
 */
export function foldQuantizeLinear(ctx: FoldContext, n: OnnxNode): void {
  const out = n.outputs[0] ?? '';
  const x = ctx.act(n, 0);
  const q = ctx.perTensor(n, 1);
  if (sameQuant(ctx.b.quantOf(x), q)) {
    ctx.define(out, x);
    return;
  }
  const y = ctx.newAct(out, x.logical, x.perm, q);
  ctx.b.addNode('QUANTIZE', out, [x.tensor], [y.tensor], {});
  ctx.define(out, y);
}

export function foldDequantizeLinear(ctx: FoldContext, n: OnnxNode): void {
  const out = n.outputs[0] ?? '';
  if (ctx.model.initializers.has(n.inputs[0] ?? '')) {
    ctx.values.set(out, { kind: 'const', c: ctx.qconst(n, 0, 1, ctx.int(n, 'axis', 1)) });
    return;
  }
  const x = ctx.act(n, 0);
  if (!sameQuant(ctx.b.quantOf(x), ctx.perTensor(n, 1))) {
    unsupported(
      n,
      'dequantizes with other parameters than its input was quantized with',
      'use one scale and zero point per quantized tensor',
    );
  }
  ctx.define(out, x);
  ctx.floatViews.add(out);
}

/**
 * A float Softmax whose result is a graph output stays float: it is left to the application
 * (the compiled model returns its int8 input); followed by a QuantizeLinear it is Anvil's int8 SOFTMAX.
 */
export function foldSoftmax(ctx: FoldContext, n: OnnxNode): void {
  const x = ctx.act(n, 0);
  const out = n.outputs[0] ?? '';
  if (ctx.isGraphOutput(out) && ctx.consumersOf(out).length === 0) {
    ctx.define(out, x);
    ctx.floatViews.add(out);
    return;
  }
  const rank = x.logical.length;
  const raw = ctx.int(n, 'axis', ctx.model.opset >= 13 ? -1 : 1);
  if ((raw < 0 ? raw + rank : raw) !== rank - 1)
    unsupported(n, `normalizes over axis ${raw} of rank ${rank}`, 'apply softmax over the last axis');
  const o = ctx.outputQuant(n, out);
  const y = ctx.newAct(o.name, x.logical, x.perm, o.q);
  ctx.b.addNode('SOFTMAX', o.name, [ctx.logicalOrder(n, x).tensor], [y.tensor], { beta: 1 });
  ctx.define(o.name, y, o.absorbed);
}
