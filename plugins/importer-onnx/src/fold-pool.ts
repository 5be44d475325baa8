import { axisWindow, errors, fail, perTensor } from '@anvil/core';
import type { FoldContext } from './fold-context.js';
import { MAX_TENSOR_ELEMENTS } from './initializer.js';
import { label, unsupported } from './fold-context.js';
import type { OpOutput } from './fold-conv.js';
import { padSpatial } from './fold-conv.js';
import type { Act } from './graph-builder.js';
import { sameQuant } from './graph-builder.js';
import { NHWC } from './layout.js';
import type { OnnxNode } from './onnx-model.js';
import { windowOf, windowPadding } from './window-padding.js';
import type { WindowPadding } from './window-padding.js';

export type PoolKind = 'average' | 'max';

/**
 * The weight of every tap of an average computed as a depthwise conv. Not 1: the fixed-point
 * requantization first rounds acc × multiplier to an integer and then shifts, so a small
 * accumulator keeps few fractional bits and rounds twice; 64 × the accumulator (and 1/64 of
 * the multiplier) keeps six more bits, and a power of two keeps the weight scale exact.
 */
export const AVERAGE_TAP = 64;

/**
 * An average whose output scale differs from its input's as one DEPTHWISE_CONV_2D with equal
 * weights AVERAGE_TAP of scale 1/(AVERAGE_TAP·kh·kw): the sum is requantized once, by the
 * multiplier input scale / (count · output scale), as onnxruntime's float average is quantized
 * once. Pooling and then requantizing would round twice, the second time by up to a whole step.
 */
function averageAsDepthwise(
  ctx: FoldContext,
  n: OnnxNode,
  x: Act,
  kernel: readonly [number, number],
  strides: readonly [number, number],
  out: OpOutput,
): Act {
  const [batch, channels, h, w] = x.logical as [number, number, number, number];
  const [kh, kw] = kernel;
  // The int32 accumulator holds at most count × 255 × AVERAGE_TAP.
  if (kh * kw * channels > MAX_TENSOR_ELEMENTS)
    unsupported(n, `averages ${kh}×${kw} windows of ${channels} channels`, 'use smaller pooling windows');
  if (kh * kw * 255 * AVERAGE_TAP >= 2 ** 31)
    unsupported(n, `averages ${kh * kw} values with a rescale`, 'quantize the pool output with its input parameters');
  const taps = new Uint8Array(kh * kw * channels).fill(AVERAGE_TAP);
  const weights = ctx.b.addTensor(`${out.name}:average`, [1, kh, kw, channels], 'int8', perTensor(1 / (AVERAGE_TAP * kh * kw), 0), taps);
  const oh = axisWindow('VALID', h, kh, strides[0], 1).out;
  const ow = axisWindow('VALID', w, kw, strides[1], 1).out;
  const y = ctx.newAct(out.name, [batch, channels, oh, ow], NHWC, out.q);
  ctx.b.addNode('DEPTHWISE_CONV_2D', out.name, [x.tensor, weights], [y.tensor], {
    padding: 'VALID',
    strideH: strides[0],
    strideW: strides[1],
    dilationH: 1,
    dilationW: 1,
    depthMultiplier: 1,
    activation: out.activation,
  });
  return y;
}

/** ONNX pads for a pool: SAME/VALID when they match, an explicit PAD only where padding counts as zeros. */
function poolPadding(
  ctx: FoldContext,
  n: OnnxNode,
  kind: PoolKind,
  x: Act,
  kernel: readonly [number, number],
  global: boolean,
): { pad: WindowPadding; strides: readonly [number, number] } {
  if (global) return { pad: { padding: 'VALID', prePad: [0, 0, 0, 0] }, strides: [1, 1] };
  if (ctx.int(n, 'ceil_mode', 0) !== 0) unsupported(n, 'has ceil_mode = 1', 'export pooling with ceil_mode = 0');
  const d = ctx.ints(n, 'dilations');
  if (d !== undefined && d.some((v) => v !== 1)) unsupported(n, 'has dilations', 'use undilated pooling');
  const win = windowOf(ctx, n, kernel);
  const pad = windowPadding(ctx, n, x.logical[2] ?? 0, x.logical[3] ?? 0, win);
  const countsPadding = kind === 'average' && ctx.int(n, 'count_include_pad', 0) === 1;
  const padded = pad.padding === 'SAME' || pad.prePad.some((p) => p > 0);
  if (countsPadding && padded) {
    // TFLite's SAME average leaves padding out of the count; count_include_pad wants it in.
    unsupported(n, 'counts padding into its average (count_include_pad = 1)', 'export with count_include_pad = 0 or without padding');
  }
  if (pad.prePad.some((p) => p > 0)) unsupported(n, `has pads that are neither SAME nor VALID`, 'use SAME or VALID padding for pooling');
  return { pad, strides: win.strides };
}

/** AveragePool / MaxPool / GlobalAveragePool / GlobalMaxPool → Anvil's pooling (NHWC). */
export function foldPool(ctx: FoldContext, n: OnnxNode, kind: PoolKind, global: boolean, x: Act, out: OpOutput): void {
  if (x.logical.length !== 4) unsupported(n, `pools a ${x.logical.length}-D tensor`, 'Anvil pools 4-D NCHW tensors');
  const [, , h, w] = x.logical as [number, number, number, number];
  const k = global ? [h, w] : ctx.ints(n, 'kernel_shape');
  if (k === undefined || k.length !== 2) fail(errors.modelCorrupt(`${label(n)}: kernel_shape must have 2 values`));
  const kernel: [number, number] = [k[0] ?? 0, k[1] ?? 0];
  const { pad, strides } = poolPadding(ctx, n, kind, x, kernel, global);
  const xin = padSpatial(ctx, ctx.materialize(n, x, NHWC), pad);
  const inQ = ctx.b.quantOf(xin);
  if (kind === 'average' && pad.padding === 'VALID' && !sameQuant(inQ, out.q)) {
    ctx.define(out.name, averageAsDepthwise(ctx, n, xin, kernel, strides, out));
    return;
  }
  const oh = axisWindow(pad.padding, xin.logical[2] ?? 0, kernel[0], strides[0], 1).out;
  const ow = axisWindow(pad.padding, xin.logical[3] ?? 0, kernel[1], strides[1], 1).out;
  if (oh < 1 || ow < 1) fail(errors.modelCorrupt(`${label(n)}: window ${kernel.join('×')} does not fit input ${h}×${w}`));
  const logical = [xin.logical[0] ?? 1, xin.logical[1] ?? 0, oh, ow];
  const requant = !sameQuant(inQ, out.q);
  // Pooling keeps its input's quantization; a different output scale is one requantization after.
  const pooled = ctx.newAct(requant ? `${out.name}:pooled` : out.name, logical, NHWC, requant ? inQ : out.q);
  const op = kind === 'average' ? 'AVERAGE_POOL_2D' : 'MAX_POOL_2D';
  const attrs = {
    padding: pad.padding,
    strideH: strides[0],
    strideW: strides[1],
    filterH: kernel[0],
    filterW: kernel[1],
    activation: requant ? 'NONE' : out.activation,
  } as const;
  ctx.b.addNode(op, out.name, [xin.tensor], [pooled.tensor], attrs);
  if (!requant) {
    ctx.define(out.name, pooled);
    return;
  }
  if (out.activation !== 'NONE')
    unsupported(n, 'is followed by an activation and a rescale', 'quantize the pool output with its input parameters');
  const y = ctx.newAct(out.name, logical, NHWC, out.q);
  ctx.b.addNode('QUANTIZE', out.name, [pooled.tensor], [y.tensor], {});
  ctx.define(out.name, y);
}
