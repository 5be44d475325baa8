import type { FoldContext, QConst, Value } from './fold-context.js';
import { unsupported } from './fold-context.js';
import { foldConv } from './fold-conv.js';
import type { OpOutput } from './fold-conv.js';
import { foldBinary, foldConcat } from './fold-elementwise.js';
import { checkGemm, foldFullyConnected } from './fold-gemm.js';
import { foldPool } from './fold-pool.js';
import type { Act } from './graph-builder.js';
import { sameQuant } from './graph-builder.js';
import type { OnnxNode } from './onnx-model.js';

/**
 * onnxruntime's QOperator form: integer operators that carry their scales and zero points as
 * inputs (QLinearConv and QLinearMatMul in the ONNX domain, the others in com.microsoft, as
 * onnxruntime's quantizer writes them). They map onto the same Anvil ops as the QDQ groups.
 */
export const QOPERATOR_OPS: ReadonlySet<string> = new Set([
  'QLinearConv',
  'QLinearMatMul',
  'QLinearAdd',
  'QLinearMul',
  'QGemm',
  'QLinearAveragePool',
  'QLinearGlobalAveragePool',
  'QLinearConcat',
]);

/** The int8 activation in `slot`, checked against the scale and zero point the operator states for it. */
function actWithQuant(ctx: FoldContext, n: OnnxNode, slot: number, scaleSlot: number): Act {
  const x = ctx.act(n, slot);
  if (!sameQuant(ctx.b.quantOf(x), ctx.perTensor(n, scaleSlot))) {
    unsupported(n, `states other quantization for input ${slot} than its producer gave it`, 'keep one scale and zero point per tensor');
  }
  return x;
}

/** An operand that may be an activation or a constant initializer (QLinearAdd/QLinearMul). */
function operand(ctx: FoldContext, n: OnnxNode, slot: number): Value {
  if (ctx.model.initializers.has(n.inputs[slot] ?? '')) return { kind: 'const', c: ctx.qconst(n, slot, slot + 1, 1) };
  return { kind: 'act', act: actWithQuant(ctx, n, slot, slot + 1) };
}

/** An int32 bias whose scale is implied (input scale × weight scale), as the QOperator ops define it. */
function impliedBias(ctx: FoldContext, n: OnnxNode, slot: number, inputScale: number, w: QConst): QConst | undefined {
  const name = n.inputs[slot];
  if (name === undefined || name === '') return undefined;
  const init = ctx.initializer(n, slot);
  const scale = w.scale.map((s) => inputScale * s);
  return { name: init.name, init, bytes: init.bytes, scale, zeroPoint: scale.map(() => 0), axis: 0 };
}

function output(ctx: FoldContext, n: OnnxNode, scaleSlot: number): OpOutput {
  const scaleName = n.inputs[scaleSlot];
  if (scaleName === undefined || scaleName === '') unsupported(n, 'has a float output (no output scale)', 'quantize the operator output');
  return { name: n.outputs[0] ?? '', q: ctx.perTensor(n, scaleSlot), activation: 'NONE' };
}

export function foldQOperator(ctx: FoldContext, n: OnnxNode): void {
  switch (n.opType) {
    case 'QLinearConv': {
      const x = actWithQuant(ctx, n, 0, 1);
      const w = ctx.qconst(n, 3, 4, 0);
      return foldConv(ctx, n, x, w, impliedBias(ctx, n, 8, ctx.b.quantOf(x).scale, w), output(ctx, n, 6));
    }
    case 'QLinearMatMul': {
      const a = actWithQuant(ctx, n, 0, 1);
      return foldFullyConnected(ctx, n, a, ctx.qconst(n, 3, 4, 1), undefined, false, output(ctx, n, 6));
    }
    case 'QGemm': {
      const transB = checkGemm(ctx, n);
      const a = actWithQuant(ctx, n, 0, 1);
      const w = ctx.qconst(n, 3, 4, transB ? 0 : 1);
      return foldFullyConnected(ctx, n, a, w, impliedBias(ctx, n, 6, ctx.b.quantOf(a).scale, w), transB, output(ctx, n, 7));
    }
    case 'QLinearAdd':
    case 'QLinearMul':
      return foldBinary(ctx, n, n.opType === 'QLinearAdd' ? 'ADD' : 'MUL', operand(ctx, n, 0), operand(ctx, n, 3), output(ctx, n, 6));
    case 'QLinearAveragePool':
    case 'QLinearGlobalAveragePool':
      if (ctx.int(n, 'channels_last', 0) !== 0) unsupported(n, 'is channels-last', 'export NCHW pooling');
      return foldPool(ctx, n, 'average', n.opType === 'QLinearGlobalAveragePool', actWithQuant(ctx, n, 0, 1), output(ctx, n, 3));
    case 'QLinearConcat': {
      // Inputs: Y_scale, Y_zero_point, then (X, X_scale, X_zero_point) for each concatenated tensor.
      const parts = Array.from({ length: Math.floor((n.inputs.length - 2) / 3) }, (_, i) => actWithQuant(ctx, n, 2 + 3 * i, 3 + 3 * i));
      return foldConcat(ctx, n, parts, output(ctx, n, 0));
    }
    default:
      return unsupported(n, 'is not supported', 'see the importer README for the supported operators');
  }
}
