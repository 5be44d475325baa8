import { errors, fail } from '@anvil/core';
import type { KernelCall, KernelParam } from '@anvil/core';

/** A body node's call narrowed to one band: `inRows` rows in, `outRows` out, `padTop` rows of padding before the view. */
export interface BandView {
  readonly inRows: number;
  readonly outRows: number;
  readonly padTop: number;
  /** Elements of the band's output (elementwise kernels walk these flat). */
  readonly outElements: number;
}

function field(call: KernelCall, name: string): KernelParam | undefined {
  return call.params.find(([f]) => f === name)?.[1];
}

function replace(call: KernelCall, values: Readonly<Record<string, KernelParam>>): KernelCall {
  return { ...call, params: call.params.map(([f, v]) => [f, Object.hasOwn(values, f) ? (values[f] as KernelParam) : v] as const) };
}

/**
 * The same kernel on a view of a band: every window kernel of the library (portable and
 * SIMD convolutions, depthwise, pools) takes `in_h`, `out_h` and `pad_top` and treats rows
 * outside [0, in_h) as padding, so a view whose leading padding is shifted computes exactly
 * the band's rows. Elementwise kernels walk their operands flat (`size`, or `flat` with
 * `out_shape`). A kernel with neither is refused: nothing falls back silently.
 */
export function bandCall(call: KernelCall, view: BandView): KernelCall {
  if (field(call, 'in_h') !== undefined && field(call, 'out_h') !== undefined && field(call, 'pad_top') !== undefined) {
    return replace(call, { in_h: view.inRows, out_h: view.outRows, pad_top: view.padTop });
  }
  if (field(call, 'size') !== undefined) return replace(call, { size: view.outElements });
  const shape = field(call, 'out_shape');
  if (field(call, 'flat') === 1 && Array.isArray(shape)) {
    const flat = (shape as readonly number[]).map((_, k, a) => (k === a.length - 1 ? view.outElements : 1));
    return replace(call, { out_shape: flat });
  }
  return fail(errors.internal(`${call.function} has no row parameters a patch stage could narrow to a band`));
}
