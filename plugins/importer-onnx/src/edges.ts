import { errors, fail } from '@anvil/core';
import type { FoldContext, Value } from './fold-context.js';
import type { QParams } from './graph-builder.js';
import { LAYOUT_OPS } from './fold-layout.js';
import { QOPERATOR_OPS } from './fold-qoperator.js';
import { identity, NHWC } from './layout.js';
import { ONNX_DTYPE } from './onnx-model.js';
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
    // QOperator ops carry each int8 operand's scale and zero point in the two inputs after it.
    if (QOPERATOR_OPS.has(only.opType)) return { q: ctx.perTensor(only, only.inputs.indexOf(current) + 1), via };
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

/** A graph input as the compiled model takes it: int8 at its QuantizeLinear's parameters, NHWC when 4-D. */
export function graphInput(ctx: FoldContext, name: string, elemType: number, dims: readonly number[]): number {
  if (elemType !== ONNX_DTYPE.FLOAT && elemType !== ONNX_DTYPE.INT8) {
    fail(
      errors.modelUnsupportedFeature(
        `graph input "${name}" has element type ${elemType}`,
        'use float32 (quantized inside the model) or int8 inputs',
      ),
    );
  }
  const edge = inputEdge(ctx, name);
  const perm = dims.length === 4 ? NHWC : identity(dims.length);
  const act = ctx.newAct(name, dims, perm, edge.q);
  ctx.define(name, act);
  if (elemType === ONNX_DTYPE.FLOAT) ctx.floatViews.add(name);
  const layout =
    dims.length === 4 ? `, stored NHWC [${[0, 2, 3, 1].map((i) => dims[i]).join(',')}] (the ONNX input is NCHW [${dims.join(',')}])` : '';
  if (elemType === ONNX_DTYPE.FLOAT) {
    const via = edge.via.length === 0 ? '' : ` (the ${edge.via.join(', ')} before it is a view)`;
    ctx.b.applicationSteps.push(
      `input "${name}": int8${layout}, and the float QuantizeLinear ${describeQuantize(edge.q)} is left to the application${via}`,
    );
  }
  return act.tensor;
}

/** A graph output as the compiled model returns it: the int8 tensor before its float DequantizeLinear (and Softmax). */
export function graphOutput(ctx: FoldContext, name: string, elemType: number): number {
  const v: Value | undefined = ctx.values.get(name);
  if (v?.kind !== 'act')
    fail(
      errors.modelUnsupportedFeature(
        `graph output "${name}" is not an int8 value Anvil computes`,
        'end the model with a QuantizeLinear/DequantizeLinear pair',
      ),
    );
  const t = ctx.b.tensors[v.act.tensor];
  if (elemType === ONNX_DTYPE.FLOAT) {
    const producer = ctx.model.nodes.find((n) => n.outputs.includes(name));
    if (producer?.opType === 'DequantizeLinear') {
      ctx.b.applicationSteps.push(
        `output "${name}": int8 "${t?.name ?? ''}", and the float DequantizeLinear ${describeDequantize(ctx.b.quantOf(v.act))} is left to the application`,
      );
    } else if (producer?.opType === 'Softmax') {
      ctx.b.applicationSteps.push(
        `output "${name}": int8 "${t?.name ?? ''}", before the float DequantizeLinear ${describeDequantize(ctx.b.quantOf(v.act))} and the float Softmax, both left to the application`,
      );
    }
  }
  return v.act.tensor;
}
