import { elementCount, errors, fail } from '@anvil/core';
import type { FoldContext } from './fold-context.js';
import { label, unsupported } from './fold-context.js';
import type { Act } from './graph-builder.js';
import { identity, inversePerm, permute } from './layout.js';
import { ONNX_DTYPE } from './onnx-model.js';
import type { OnnxNode } from './onnx-model.js';

/** Layout operators: they move no values in Anvil, only change how a stored tensor is read. */
export const LAYOUT_OPS: ReadonlySet<string> = new Set(['Reshape', 'Flatten', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity']);

function int64s(ctx: FoldContext, n: OnnxNode, slot: number): number[] {
  const init = ctx.initializer(n, slot);
  if (init.dataType !== ONNX_DTYPE.INT64) fail(errors.modelCorrupt(`${label(n)}: "${init.name}" is not int64`));
  const v = new DataView(init.bytes.buffer, init.bytes.byteOffset, init.bytes.byteLength);
  return Array.from({ length: init.bytes.length / 8 }, (_, i) => Number(v.getBigInt64(8 * i, true)));
}

function axesOf(ctx: FoldContext, n: OnnxNode, rank: number): number[] {
  const fromInput = n.inputs[1] !== undefined && n.inputs[1] !== '';
  const axes = fromInput ? int64s(ctx, n, 1) : [...(ctx.ints(n, 'axes') ?? [])];
  return axes.map((a) => (a < 0 ? a + rank : a));
}

/** Reshape's target with ONNX's 0 (copy the input's extent) and -1 (whatever remains). */
function reshapeTarget(ctx: FoldContext, n: OnnxNode, from: readonly number[]): number[] {
  const spec = int64s(ctx, n, 1);
  const allowZero = ctx.int(n, 'allowzero', 0) === 1;
  const dims = spec.map((d, i) => (d === 0 && !allowZero ? (from[i] ?? 0) : d));
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const free = dims.filter((d) => d === -1).length;
  if (free > 1 || dims.some((d) => d < -1)) fail(errors.modelCorrupt(`${label(n)}: shape [${spec.join(',')}]`));
  return dims.map((d) => (d === -1 && known > 0 ? elementCount(from) / known : d));
}

function targetShape(ctx: FoldContext, n: OnnxNode, from: readonly number[]): number[] {
  switch (n.opType) {
    case 'Reshape':
      return reshapeTarget(ctx, n, from);
    case 'Flatten': {
      const raw = ctx.int(n, 'axis', 1);
      const axis = raw < 0 ? raw + from.length : raw;
      return [elementCount(from.slice(0, axis)), elementCount(from.slice(axis))];
    }
    case 'Squeeze': {
      const axes =
        n.inputs.length > 1 || ctx.ints(n, 'axes') !== undefined
          ? axesOf(ctx, n, from.length)
          : from.flatMap((d, i) => (d === 1 ? [i] : []));
      return from.filter((_, i) => !axes.includes(i));
    }
    case 'Unsqueeze': {
      const rank = from.length + axesOf(ctx, n, from.length + 1).length;
      const axes = axesOf(ctx, n, rank);
      const out: number[] = [];
      let k = 0;
      for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : (from[k++] ?? 0));
      return out;
    }
    default:
      return [...from];
  }
}

/**
 * A layout operator on an int8 value. Transpose only relabels the stored axes (no data moves);
 * the reshapes need the values in ONNX's logical order and become a RESHAPE view.
 */
export function foldLayout(ctx: FoldContext, n: OnnxNode, x: Act): Act {
  if (n.opType === 'Identity') return x;
  if (n.opType === 'Transpose') {
    const p = ctx.ints(n, 'perm') ?? identity(x.logical.length).reverse();
    if (p.length !== x.logical.length || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
      fail(errors.modelCorrupt(`${label(n)}: perm [${p.join(',')}] for a rank-${x.logical.length} tensor`));
    }
    const inv = inversePerm(p);
    return { tensor: x.tensor, logical: permute(x.logical, p), perm: x.perm.map((q) => inv[q] ?? 0) };
  }
  const target = targetShape(ctx, n, x.logical);
  if (target.some((d) => !Number.isInteger(d) || d < 1) || elementCount(target) !== elementCount(x.logical)) {
    unsupported(n, `reshapes [${x.logical.join(',')}] to [${target.join(',')}]`, 'export with static shapes');
  }
  const src = ctx.logicalOrder(n, x);
  const name = n.outputs[0] ?? `${label(n)}`;
  const y = ctx.newAct(name, target, identity(target.length), ctx.b.quantOf(src));
  ctx.b.addNode('RESHAPE', name, [src.tensor], [y.tensor], {});
  return y;
}
