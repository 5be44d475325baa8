import { alignUp, livesOverlap } from './problem.js';
import type { BufferRequest, Placement, PlanningProblem, Pool } from './problem.js';

export interface Placed {
  readonly req: BufferRequest;
  readonly pool: string;
  readonly offset: number;
}

/**
 * The lowest aligned offset in `pool` where `req` fits beside the already placed buffers
 * whose lifetimes overlap its own, or undefined when it would pass the pool's end.
 */
export function firstFit(req: BufferRequest, pool: Pool, placed: readonly Placed[]): number | undefined {
  const conflicts = placed
    .filter((p) => p.pool === pool.name && p.req.bytes > 0 && livesOverlap(p.req, req))
    .sort((a, b) => a.offset - b.offset || a.req.id - b.req.id);
  let offset = 0;
  for (const c of conflicts) {
    if (offset + req.bytes <= c.offset) break;
    offset = Math.max(offset, alignUp(c.offset + c.req.bytes, req.alignment));
  }
  return offset + req.bytes <= pool.size ? offset : undefined;
}

/** Places pinned buffers first (at their offset, or first fit in their pool). */
export function placePins(buffers: readonly BufferRequest[], pools: ReadonlyMap<string, Pool>): Placed[] {
  const placed: Placed[] = [];
  for (const req of buffers) {
    if (req.pin === undefined) continue;
    const pool = pools.get(req.pin.pool);
    if (pool === undefined) continue;
    const offset = req.pin.offset ?? firstFit(req, pool, placed) ?? 0;
    placed.push({ req, pool: pool.name, offset });
  }
  return placed;
}

/** The outcome of placing buffers in a given order: every placement, or the first that fit nowhere. */
export type OrderResult =
  { readonly ok: true; readonly placed: readonly Placed[] } | { readonly ok: false; readonly failed: BufferRequest };

/**
 * Pins first, then each unpinned buffer of `order` at its first fit in the first pool of its
 * preference list that has room: the one placement rule all greedy planners share, so they
 * differ only in the order they try.
 */
export function placeInOrder(problem: PlanningProblem, order: readonly BufferRequest[]): OrderResult {
  const pools = new Map(problem.pools.map((p) => [p.name, p]));
  const placed = placePins(problem.buffers, pools);
  for (const req of order) {
    if (req.pin !== undefined) continue;
    let offset: number | undefined;
    let where: string | undefined;
    for (const name of req.pools) {
      const pool = pools.get(name);
      offset = pool === undefined ? undefined : firstFit(req, pool, placed);
      if (offset !== undefined) {
        where = name;
        break;
      }
    }
    if (offset === undefined || where === undefined) return { ok: false, failed: req };
    placed.push({ req, pool: where, offset });
  }
  return { ok: true, placed };
}

/** Total bytes over all pools (each high-water mark aligned), the figure greedy orders compete on. */
export function placedTotal(problem: PlanningProblem, placed: readonly Placed[]): number {
  let total = 0;
  for (const pool of problem.pools) {
    let end = 0;
    for (const p of placed) if (p.pool === pool.name) end = Math.max(end, p.offset + p.req.bytes);
    total += alignUp(end, pool.alignment);
  }
  return total;
}

export function toPlacements(placed: readonly Placed[]): Placement[] {
  return [...placed].sort((a, b) => a.req.id - b.req.id).map((p) => ({ buffer: p.req.id, pool: p.pool, offset: p.offset }));
}
