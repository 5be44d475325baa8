import { alignUp, livesOverlap } from '@anvil/core';
import type { BufferRequest, Placement, Pool } from '@anvil/core';

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

export function toPlacements(placed: readonly Placed[]): Placement[] {
  return [...placed].sort((a, b) => a.req.id - b.req.id).map((p) => ({ buffer: p.req.id, pool: p.pool, offset: p.offset }));
}
