import { errors, fail } from '@anvil/core';
import type { FoldContext } from './fold-context.js';
import type { QParams } from './graph-builder.js';
import { LAYOUT_OPS } from './fold-layout.js';
import type { OnnxNode } from './onnx-model.js';

/** How the int8 input of the compiled model relates to the ONNX model's float input. */
export interface InputEdge {
  readonly q: QParams;
  readonly via: readonly string[];
}

/**
 * The QuantizeLinear that turns float graph input `name` into int8, looking through layout
 * operators (kws reshapes 1×490 to 1×1×49×10 first). The compiled model takes that int8
 * tensor; quantizing the floats is left to the application.
 */
export function inputEdge(ctx: FoldContext, name: string): InputEdge {
  const via: string[] = [];
  let current = name;
  for (let hops = 0; hops <= ctx.model.nodes.length; hops++) {
    const users = ctx.consumersOf(current);
    const only: OnnxNode | undefined = users[0];
    if (users.length !== 1 || only === undefined) break;
    if (only.opType === 'QuantizeLinear') return { q: ctx.perTensor(only, 1), via };
    if (only.opType === 'DequantizeLinear') return { q: ctx.perTensor(only, 1), via };
    if (!LAYOUT_OPS.has(only.opType)) break;
    via.push(only.opType);
    current = only.outputs[0] ?? '';
  }
  return fail(
    errors.modelUnsupportedFeature(
      `graph input "${name}" does not reach exactly one QuantizeLinear through layout operators`,
      'quantize the graph input (QDQ or QOperator model with a QuantizeLinear on the input)',
    ),
  );
}

/** `+ 3`, `- 3`: a zero point written into a formula without double signs. */
function signed(zeroPoint: number, op: '+' | '-'): string {
  const negative = (op === '-') !== zeroPoint < 0;
  return `${negative ? '-' : '+'} ${Math.abs(zeroPoint)}`;
}

export function describeQuantize(q: QParams): string {
  return `q = clamp(round_half_even(x / ${q.scale}) ${signed(q.zeroPoint, '+')}, -128, 127)`;
}

export function describeDequantize(q: QParams): string {
  return `x = ${q.scale} * (q ${signed(q.zeroPoint, '-')})`;
}
