import { livesOverlap } from '@anvil/core';
import type { BufferRequest } from '@anvil/core';
import type { Mip, MipConstraint, MipVariable } from './mip.js';

export interface PoolInstance {
  readonly buffers: readonly BufferRequest[];
  readonly poolAlignment: number;
  /** Offsets must stay below this (the incumbent's end): the big-M of the ordering constraints. */
  readonly upper: number;
  /** Only plans whose end is at most this are wanted (the incumbent minus one alignment step). */
  readonly target: number;
  /** No plan ends below this: the peak of live bytes in the pool. */
  readonly floor: number;
}

export const offsetVar = (id: number): string => `k${id}`;
const orderVar = (a: number, b: number): string => `z${a}_${b}`;

/** Equal size, alignment and lifetime, unpinned: swapping two such buffers changes nothing. */
const twins = (a: BufferRequest, b: BufferRequest): boolean =>
  a.bytes === b.bytes && a.alignment === b.alignment && a.firstStep === b.firstStep && a.lastStep === b.lastStep && !a.pin && !b.pin;

/**
 * Placement in one pool as a MIP. Offsets are integers in units of each buffer's alignment
 * (`offset = alignment × k`), so every solution is aligned. An ordering binary exists only
 * for pairs alive at the same time: z=1 puts a below b, z=0 b below a. The end M is minimised.
 * Symmetry breaking: twins are ordered by id; and when mirroring a plan (offset → end − offset
 * − size) keeps it aligned and no buffer is pinned to an offset, the largest conflicting pair
 * is fixed to one orientation, since each plan and its mirror use the same bytes (a pair with
 * twins is not chosen: reordering twins after mirroring could flip it back).
 */
export function placementMip(p: PoolInstance): Mip {
  const live = p.buffers.filter((b) => b.bytes > 0);
  const variables: MipVariable[] = [{ name: 'M', kind: 'continuous', lower: p.floor, upper: p.target }];
  const constraints: MipConstraint[] = [];
  for (const b of live) {
    const fixed = b.pin?.offset;
    const unit = b.alignment;
    const lower = fixed === undefined ? 0 : fixed / unit;
    const upper = fixed === undefined ? Math.floor((p.upper - b.bytes) / unit) : fixed / unit;
    variables.push({ name: offsetVar(b.id), kind: 'integer', lower, upper: Math.max(lower, upper) });
    constraints.push({
      name: `end${b.id}`,
      terms: [
        [offsetVar(b.id), unit],
        ['M', -1],
      ],
      max: -b.bytes,
    });
  }
  const mirrorable =
    live.every((b) => b.pin?.offset === undefined && b.bytes % b.alignment === 0 && p.poolAlignment % b.alignment === 0) && live.length > 1;
  const hasTwin = new Set(live.filter((a) => live.some((b) => b !== a && twins(a, b))).map((b) => b.id));
  let largest: { a: BufferRequest; b: BufferRequest } | undefined;
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i]!;
      const b = live[j]!;
      if (!livesOverlap(a, b) || (a.pin?.offset !== undefined && b.pin?.offset !== undefined)) continue;
      const z = orderVar(a.id, b.id);
      const twin = twins(a, b);
      const [lo, hi] = twin ? [1, 1] : [0, 1];
      variables.push({ name: z, kind: 'binary', lower: lo, upper: hi });
      // z=1: o_a + s_a <= o_b + U(1 - z)  ⇔  o_a − o_b + U z <= U − s_a
      constraints.push({
        name: `${z}a`,
        terms: [
          [offsetVar(a.id), a.alignment],
          [offsetVar(b.id), -b.alignment],
          [z, p.upper],
        ],
        max: p.upper - a.bytes,
      });
      // z=0: o_b + s_b <= o_a + U z  ⇔  o_b − o_a − U z <= −s_b
      constraints.push({
        name: `${z}b`,
        terms: [
          [offsetVar(b.id), b.alignment],
          [offsetVar(a.id), -a.alignment],
          [z, -p.upper],
        ],
        max: -b.bytes,
      });
      if (!hasTwin.has(a.id) && !hasTwin.has(b.id) && (largest === undefined || a.bytes + b.bytes > largest.a.bytes + largest.b.bytes))
        largest = { a, b };
    }
  }
  if (mirrorable && largest !== undefined) {
    const z = orderVar(largest.a.id, largest.b.id);
    const i = variables.findIndex((v) => v.name === z);
    variables[i] = { name: z, kind: 'binary', lower: 1, upper: 1 };
  }
  return { objective: 'M', variables, constraints };
}
