import { fail } from '../errors/anvil-error.js';
import { planInvalid } from '../errors/builders.js';
import type { BufferRequest, MemoryPlan, PlanningProblem } from './problem.js';
import { alignUp, livesOverlap } from './problem.js';

/**
 * The one plan validator, run on every plan before it is used: each buffer placed once, in a
 * pool it may use, aligned, inside the pool, honouring its pin, and no two buffers alive at
 * the same step overlapping in the same pool. Reported usage must match the placements.
 */
export function validatePlan(problem: PlanningProblem, plan: MemoryPlan): void {
  const pools = new Map(problem.pools.map((p) => [p.name, p]));
  const byId = new Map(problem.buffers.map((b) => [b.id, b]));
  const placed = new Map<number, { pool: string; offset: number; req: BufferRequest }>();
  for (const p of plan.placements) {
    const req = byId.get(p.buffer);
    if (req === undefined) fail(planInvalid(plan.planner, `places unknown buffer ${p.buffer}`));
    if (placed.has(p.buffer)) fail(planInvalid(plan.planner, `places ${req.name} twice`));
    const pool = pools.get(p.pool);
    if (pool === undefined || !req.pools.includes(p.pool))
      fail(planInvalid(plan.planner, `puts ${req.name} in pool ${p.pool}, which it may not use`));
    if (!Number.isInteger(p.offset) || p.offset < 0 || p.offset % req.alignment !== 0) {
      fail(planInvalid(plan.planner, `puts ${req.name} at offset ${p.offset}, not a multiple of its alignment ${req.alignment}`));
    }
    if (p.offset + req.bytes > pool.size)
      fail(planInvalid(plan.planner, `${req.name} ends at ${p.offset + req.bytes}, past pool ${pool.name} (${pool.size} B)`));
    if (req.pin !== undefined && (req.pin.pool !== p.pool || (req.pin.offset !== undefined && req.pin.offset !== p.offset))) {
      fail(planInvalid(plan.planner, `ignores the pin of ${req.name}`));
    }
    placed.set(p.buffer, { pool: p.pool, offset: p.offset, req });
  }
  for (const b of problem.buffers) if (!placed.has(b.id)) fail(planInvalid(plan.planner, `does not place ${b.name}`));
  checkPersistent(plan.planner, problem, [...placed.values()]);
  checkOverlaps(plan.planner, [...placed.values()]);
  for (const u of plan.pools) {
    const pool = pools.get(u.name);
    if (pool === undefined) fail(planInvalid(plan.planner, `reports unknown pool ${u.name}`));
    const ends = [...placed.values()].filter((x) => x.pool === u.name).map((x) => x.offset + x.req.bytes);
    const used = alignUp(Math.max(0, ...ends), pool.alignment);
    if (u.used !== used) fail(planInvalid(plan.planner, `reports ${u.used} B used in ${u.name}; its placements need ${used}`));
  }
}

/**
 * State survives between invocations only if nothing else is ever written over it: it must
 * be alive at every step, and its pool may hold nothing but state (no scratch, input or
 * output of any run may reuse those bytes, even at steps where the state looks idle).
 */
function checkPersistent(planner: string, problem: PlanningProblem, items: ReadonlyArray<{ pool: string; req: BufferRequest }>): void {
  const statePools = new Set(items.filter((x) => x.req.kind === 'persistent').map((x) => x.pool));
  for (const x of items) {
    if (x.req.kind === 'persistent' && (x.req.firstStep !== 0 || x.req.lastStep < problem.steps - 1)) {
      fail(planInvalid(planner, `state ${x.req.name} is alive only at steps ${x.req.firstStep}..${x.req.lastStep}, not the whole run`));
    }
    if (x.req.kind !== 'persistent' && statePools.has(x.pool)) {
      fail(planInvalid(planner, `puts ${x.req.name} in pool ${x.pool}, which holds model state`));
    }
  }
}

/** Sweep by offset within each pool; only buffers whose lifetimes overlap may not overlap in space. */
function checkOverlaps(planner: string, items: ReadonlyArray<{ pool: string; offset: number; req: BufferRequest }>): void {
  const sorted = [...items].sort((a, b) => a.pool.localeCompare(b.pool) || a.offset - b.offset);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      if (b.pool !== a.pool || b.offset >= a.offset + a.req.bytes) break;
      if (a.req.bytes > 0 && b.req.bytes > 0 && livesOverlap(a.req, b.req)) {
        fail(
          planInvalid(
            planner,
            `${a.req.name} [${a.offset}, ${a.offset + a.req.bytes}) and ${b.req.name} [${b.offset}, ${b.offset + b.req.bytes}) overlap in ${a.pool} while both are live`,
          ),
        );
      }
    }
  }
}
