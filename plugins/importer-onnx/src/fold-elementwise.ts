import { broadcastShapes, errors, fail, perTensor } from '@anvil/core';
import type { FoldContext, QConst, Value } from './fold-context.js';
import { label, unsupported } from './fold-context.js';
import type { OpOutput } from './fold-conv.js';
import type { Act } from './graph-builder.js';
import { sameQuant } from './graph-builder.js';
import { identity, permute, transposeData } from './layout.js';
import type { OnnxNode } from './onnx-model.js';

/** An int8 constant operand laid out like `like` (leading unit axes added, then the same perm). */
function constAct(ctx: FoldContext, n: OnnxNode, c: QConst, like: Act): Act {
  if (c.scale.length !== 1) unsupported(n, `constant "${c.name}" is quantized per channel`, 'quantize elementwise constants per tensor');
  if (c.init.dataType === 6) unsupported(n, `constant "${c.name}" is int32`, 'quantize elementwise constants to int8');
  const rank = like.logical.length;
  if (c.init.dims.length > rank)
    unsupported(n, `constant "${c.name}" has more axes than the activation`, 'broadcast constants over the activation');
  const logical = [...new Array<number>(rank - c.init.dims.length).fill(1), ...c.init.dims];
  const data = transposeData(c.bytes, logical, like.perm, 1);
  const tensor = ctx.b.addTensor(c.name, permute(logical, like.perm), 'int8', perTensor(c.scale[0] ?? 0, c.zeroPoint[0] ?? 0), data);
  return { tensor, logical, perm: [...like.perm] };
}

function operands(ctx: FoldContext, n: OnnxNode, a: Value, b: Value): [Act, Act] {
  if (a.kind === 'const' && b.kind === 'const') unsupported(n, 'has two constant operands', 'fold constant subgraphs before exporting');
  const first = a.kind === 'act' ? a.act : (b as { act: Act }).act;
  const align = (v: Value): Act =>
    v.kind === 'const'
      ? constAct(ctx, n, v.c, first)
      : v.act.logical.length === first.logical.length
        ? ctx.materialize(n, v.act, first.perm)
        : ctx.logicalOrder(n, v.act);
  const x = align(a);
  const y = align(b);
  if (x.logical.length !== y.logical.length) {
    // Different ranks broadcast from the right in ONNX; Anvil's stored layout must agree, so both go to logical order.
    return [ctx.logicalOrder(n, x), ctx.logicalOrder(n, y)];
  }
  return [x, y];
}

/** Add / Mul on int8 values (QDQ or QLinearAdd/QLinearMul) → ADD / MUL. */
export function foldBinary(ctx: FoldContext, n: OnnxNode, op: 'ADD' | 'MUL', a: Value, b: Value, out: OpOutput): void {
  const [x, y] = operands(ctx, n, a, b);
  const logical = broadcastShapes(x.logical, y.logical);
  if (logical === undefined)
    fail(errors.modelCorrupt(`${label(n)}: [${x.logical.join(',')}] and [${y.logical.join(',')}] do not broadcast`));
  const perm = x.logical.length === logical.length ? x.perm : identity(logical.length);
  const z = ctx.newAct(out.name, logical, perm, out.q);
  ctx.b.addNode(op, out.name, [x.tensor, y.tensor], [z.tensor], { activation: out.activation });
  ctx.define(out.name, z);
}

/** Concat → CONCATENATION on the stored axis; inputs quantized differently are requantized first (Anvil's concatenation copies bytes). */
export function foldConcat(ctx: FoldContext, n: OnnxNode, inputs: readonly Act[], out: OpOutput): void {
  const first = inputs[0];
  if (first === undefined) fail(errors.modelCorrupt(`${label(n)} has no inputs`));
  const rank = first.logical.length;
  const raw = ctx.int(n, 'axis', 0);
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 0 || axis >= rank) fail(errors.modelCorrupt(`${label(n)}: axis ${raw} for rank ${rank}`));
  const parts = inputs.map((x) => {
    const m = ctx.materialize(n, x, first.perm);
    if (sameQuant(ctx.b.quantOf(m), out.q)) return m;
    const r = ctx.newAct(`${ctx.b.tensors[m.tensor]?.name ?? 'x'}:requant`, m.logical, m.perm, out.q);
    ctx.b.addNode('QUANTIZE', `${out.name}:requant`, [m.tensor], [r.tensor], {});
    return r;
  });
  const logical = [...first.logical];
  logical[axis] = parts.reduce((s, p) => s + (p.logical[axis] ?? 0), 0);
  const y = ctx.newAct(out.name, logical, first.perm, out.q);
  ctx.b.addNode(
    'CONCATENATION',
    out.name,
    parts.map((p) => p.tensor),
    [y.tensor],
    { axis: first.perm.indexOf(axis), activation: out.activation },
  );
  ctx.define(out.name, y);
}
