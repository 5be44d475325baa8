import { AnvilError, errors } from '@anvil/core';

/** Axes of the library's shape and stride arrays: `ANVIL_KERNEL_MAX_DIMS` in anvil_kernel_limits.h. */
export const KERNEL_MAX_DIMS = 6;

/** Strides of `shape` read through a broadcast to `outShape` (0 on broadcast axes). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const s = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    const extent = shape[k] ?? 1;
    s[rank - shape.length + k] = extent === 1 ? 0 : stride;
    stride *= extent;
  }
  return s;
}

/** Row-major strides of a dense tensor. */
export function denseStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let k = shape.length - 2; k >= 0; k--) s[k] = (s[k + 1] as number) * (shape[k + 1] ?? 1);
  return s;
}

export interface KernelDims {
  /** KERNEL_MAX_DIMS extents, outermost first, leading ones padding. */
  readonly extents: number[];
  /** Per stride set, KERNEL_MAX_DIMS strides (0 on the padding). */
  readonly strides: number[][];
}

/**
 * A row-major walk over `extents`, each stride set addressing one tensor, as the fewest
 * axes that walk the same elements in the same order: axes of extent 1 go, and an axis
 * merges into the next one when every stride set steps over it contiguously. Padded to
 * KERNEL_MAX_DIMS with leading extents of 1, as the kernels' fixed loop nests expect.
 * `keepLast` keeps the innermost axis even of extent 1 (a kernel that copies whole rows).
 */
export function kernelDims(
  what: string,
  extents: readonly number[],
  strides: ReadonlyArray<readonly number[]>,
  keepLast = false,
): KernelDims {
  const axes: Array<{ n: number; s: number[] }> = [];
  extents.forEach((n, k) => {
    if (n === 1 && !(keepLast && k === extents.length - 1)) return;
    axes.push({ n, s: strides.map((st) => st[k] ?? 0) });
  });
  // Inner to outer, so each merge sees the already-merged inner axis.
  for (let k = axes.length - 2; k >= 0; k--) {
    const outer = axes[k] as { n: number; s: number[] };
    const inner = axes[k + 1] as { n: number; s: number[] };
    if (outer.s.every((st, i) => st === (inner.s[i] as number) * inner.n)) {
      axes.splice(k, 2, { n: outer.n * inner.n, s: inner.s });
    }
  }
  if (axes.length > KERNEL_MAX_DIMS) {
    throw new AnvilError(
      errors.modelUnsupportedFeature(
        `${what}: ${axes.length} axes that cannot be merged; the C kernels take at most ${KERNEL_MAX_DIMS}`,
        'reshape the tensors to fewer dimensions before this operator',
      ),
    );
  }
  const pad = KERNEL_MAX_DIMS - axes.length;
  return {
    extents: [...new Array<number>(pad).fill(1), ...axes.map((a) => a.n)],
    strides: strides.map((_, i) => [...new Array<number>(pad).fill(0), ...axes.map((a) => a.s[i] as number)]),
  };
}
