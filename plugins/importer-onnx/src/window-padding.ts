import { axisWindow, errors, fail } from '@anvil/core';
import type { Padding } from '@anvil/core';
import type { FoldContext } from './fold-context.js';
import { label, unsupported } from './fold-context.js';
import type { OnnxNode } from './onnx-model.js';

export interface Window {
  readonly kernel: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
}

/** How ONNX's explicit pads map onto Anvil: a padding mode, plus zero padding to apply first when neither mode matches. */
export interface WindowPadding {
  readonly padding: Padding;
  /** [top, bottom, left, right], all 0 unless a PAD must run first. */
  readonly prePad: readonly [number, number, number, number];
}

function pair(ctx: FoldContext, n: OnnxNode, name: string, fallback: number): [number, number] {
  const v = ctx.ints(n, name);
  if (v === undefined) return [fallback, fallback];
  if (v.length !== 2) unsupported(n, `${name} has ${v.length} values; Anvil supports 2-D windows`, 'use 2-D convolution and pooling');
  const [a, b] = v as [number, number];
  if (a < 1 || b < 1) fail(errors.modelCorrupt(`${label(n)}: ${name} [${v.join(',')}] must be positive`));
  return [a, b];
}

export function windowOf(ctx: FoldContext, n: OnnxNode, kernel: readonly [number, number]): Window {
  const k = ctx.ints(n, 'kernel_shape');
  if (k !== undefined && (k.length !== 2 || k[0] !== kernel[0] || k[1] !== kernel[1])) {
    fail(errors.modelCorrupt(`${label(n)}: kernel_shape [${k.join(',')}] disagrees with the window ${kernel.join('×')}`));
  }
  return { kernel, strides: pair(ctx, n, 'strides', 1), dilations: pair(ctx, n, 'dilations', 1) };
}

/** The [before, after] padding TFLite's SAME gives one axis. */
function samePads(inSize: number, kernel: number, stride: number, dilation: number): [number, number] {
  const w = axisWindow('SAME', inSize, kernel, stride, dilation);
  const eff = (kernel - 1) * dilation + 1;
  const total = Math.max(0, (w.out - 1) * stride + eff - inSize);
  return [w.before, total - w.before];
}

/**
 * ONNX pads ([top, left, bottom, right]) or auto_pad → SAME or VALID when one of them pads
 * exactly so; otherwise VALID after an explicit zero PAD (ONNX pads with real 0.0, which is
 * the zero point in int8, as PAD fills).
 */
export function windowPadding(ctx: FoldContext, n: OnnxNode, inH: number, inW: number, w: Window): WindowPadding {
  const auto = ctx.string(n, 'auto_pad', 'NOTSET');
  const sameH = samePads(inH, w.kernel[0], w.strides[0], w.dilations[0]);
  const sameW = samePads(inW, w.kernel[1], w.strides[1], w.dilations[1]);
  let pads: readonly number[];
  if (auto === 'VALID') pads = [0, 0, 0, 0];
  else if (auto === 'SAME_UPPER') pads = [sameH[0], sameW[0], sameH[1], sameW[1]];
  else if (auto === 'SAME_LOWER') pads = [sameH[1], sameW[1], sameH[0], sameW[0]];
  else if (auto === 'NOTSET') pads = ctx.ints(n, 'pads') ?? [0, 0, 0, 0];
  else fail(errors.modelCorrupt(`${label(n)}: auto_pad "${auto}"`));
  if (pads.length !== 4 || pads.some((p) => p < 0)) unsupported(n, `pads [${pads.join(',')}]`, 'use 2-D windows with non-negative pads');
  const [top, left, bottom, right] = pads as [number, number, number, number];
  if (top + left + bottom + right === 0) return { padding: 'VALID', prePad: [0, 0, 0, 0] };
  if (top === sameH[0] && bottom === sameH[1] && left === sameW[0] && right === sameW[1]) return { padding: 'SAME', prePad: [0, 0, 0, 0] };
  return { padding: 'VALID', prePad: [top, bottom, left, right] };
}
