import type { Padding } from '../ir/attributes.js';

/** Output extent and leading padding of one spatial axis, as TFLite computes them. */
export interface AxisWindow {
  readonly out: number;
  /** Padding before the first element (TFLite's `padding_values.height/width`). */
  readonly before: number;
}

export function effectiveFilter(filter: number, dilation: number): number {
  return (filter - 1) * dilation + 1;
}

/**
 * SAME: out = ceil(in / stride); VALID: out = ceil((in - eff + 1) / stride).
 * The leading pad is floor(total / 2), the extra one (if odd) goes after, as in TFLite.
 */
export function axisWindow(padding: Padding, inSize: number, filter: number, stride: number, dilation: number): AxisWindow {
  const eff = effectiveFilter(filter, dilation);
  const out = padding === 'SAME' ? Math.ceil(inSize / stride) : Math.floor((inSize - eff + stride) / stride);
  const total = Math.max(0, (out - 1) * stride + eff - inSize);
  // VALID never pads: (out - 1) * stride <= in - eff, so total is 0 there.
  return { out, before: Math.floor(total / 2) };
}
