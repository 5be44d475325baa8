import type { CodeSize, KernelCall } from '@anvil/core';
import { specialisationKey } from './kernel-call.js';

/** A library call of one step, with the work it does (MACs, or elements for ops without). */
export interface CallSite {
  readonly step: number;
  readonly call: KernelCall;
  readonly work: number;
}

/** Calls of equal structure, instantiated together: specialised (one function for all) or shared. */
export interface InstanceGroup {
  readonly key: string;
  readonly function: string;
  readonly steps: readonly number[];
  readonly work: number;
  readonly specialised: boolean;
}

/**
 * `balanced` shares at most this part of the work. Shared kernels run from a fifth slower
 * (the portable ones) to about three times as slow (the Cortex-M depthwise and convolutions,
 * whose specialised copies unroll their taps into immediate offsets) as specialised ones; at
 * 1.5% `balanced` measured within 3% of `fast` on every shared model, M4 and M55.
 */
export const BALANCED_SHARED_WORK = 0.015;

/**
 * A shared instance holds every path of its kernel (im2col and pointwise, flat and
 * broadcast, every tail), a specialised copy only the one its structure takes: measured on
 * the Cortex-M kernels, a shared instance is worth its flash only in place of this many copies.
 */
export const MIN_SHARED_STRUCTURES = 3;

/**
 * Decides how each library call is instantiated. `fast`: every distinct structure gets a
 * specialised function; `small`: every call goes to the kernel's shared out-of-line instance;
 * `balanced`: the lightest structures (by `CallSite.work`) go to the shared instances while
 * they carry at most `BALANCED_SHARED_WORK` of the work, the rest are specialised; a kernel
 * left with fewer than `MIN_SHARED_STRUCTURES` light structures specialises them anyway, as
 * its shared instance would take more flash than their copies and run slower. Pure: the same
 * calls always give the same groups.
 */
export function instanceGroups(sites: readonly CallSite[], codeSize: CodeSize): InstanceGroup[] {
  const byKey = new Map<string, { function: string; steps: number[]; work: number }>();
  for (const s of sites) {
    const key = specialisationKey(s.call);
    const g = byKey.get(key) ?? { function: s.call.function, steps: [], work: 0 };
    g.steps.push(s.step);
    g.work += s.work;
    byKey.set(key, g);
  }
  const groups = [...byKey].map(([key, g]) => ({ key, ...g }));
  const shared = new Set<string>();
  if (codeSize === 'small') groups.forEach((g) => shared.add(g.key));
  if (codeSize === 'balanced') {
    const total = groups.reduce((s, g) => s + g.work, 0);
    let work = 0;
    const lightest = [...groups].sort((a, b) => a.work - b.work || (a.steps[0] ?? 0) - (b.steps[0] ?? 0));
    for (const g of lightest) {
      if (work + g.work > BALANCED_SHARED_WORK * total) break;
      shared.add(g.key);
      work += g.work;
    }
    for (const fn of new Set(groups.map((g) => g.function))) {
      const mine = groups.filter((g) => g.function === fn && shared.has(g.key));
      if (mine.length < MIN_SHARED_STRUCTURES) mine.forEach((g) => shared.delete(g.key));
    }
  }
  return groups.map((g) => ({ ...g, specialised: !shared.has(g.key) }));
}
