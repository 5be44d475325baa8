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
 * `balanced` specialises the heaviest structures until the calls left to the shared
 * instances do at most this share of the work: the shared kernels run up to about a third
 * slower than specialised ones, so this keeps `balanced` within a few percent of `fast`.
 */
export const BALANCED_SHARED_WORK = 0.1;

/**
 * Decides how each library call is instantiated. `fast`: every distinct structure gets a
 * specialised function; `small`: every call goes to the kernel's shared out-of-line instance;
 * `balanced`: the structures carrying most of the work are specialised (heaviest first, ties
 * by first step), the rest shared. Pure: the same calls always give the same groups.
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
  const total = groups.reduce((s, g) => s + g.work, 0);
  const chosen = new Set<string>();
  if (codeSize === 'fast') groups.forEach((g) => chosen.add(g.key));
  if (codeSize === 'balanced') {
    let left = total;
    const heaviest = [...groups].sort((a, b) => b.work - a.work || (a.steps[0] ?? 0) - (b.steps[0] ?? 0));
    for (const g of heaviest) {
      if (left <= BALANCED_SHARED_WORK * total) break;
      chosen.add(g.key);
      left -= g.work;
    }
  }
  return groups.map((g) => ({ ...g, specialised: chosen.has(g.key) }));
}
