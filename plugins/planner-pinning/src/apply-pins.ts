import { errors, fail, livesOverlap } from '@anvil/core';
import type { BufferRequest, PinSpec, PinTarget, PinnedProblem, PlanningProblem } from '@anvil/core';
import { globMatcher } from './glob.js';

const describe = (t: PinTarget): string =>
  t.kind === 'app' ? 'the application' : t.kind === 'pool' ? `pool ${t.pool}` : `${t.pool} at offset ${t.offset}`;
const same = (a: PinTarget, b: PinTarget): boolean => describe(a) === describe(b);

/** Which pin applies to each buffer; a buffer matched by two different pins is a conflict. */
function targets(problem: PlanningProblem, pins: readonly PinSpec[]): Map<number, PinTarget> {
  const chosen = new Map<number, PinTarget>();
  for (const pin of pins) {
    const matches = globMatcher(pin.pattern);
    const hit = problem.buffers.filter((b) => matches(b.name) || (b.aliases ?? []).some(matches));
    if (hit.length === 0)
      fail(
        errors.pinUnmatched(
          pin.pattern,
          problem.buffers.map((b) => b.name),
        ),
      );
    for (const b of hit) {
      const before = chosen.get(b.id);
      if (before !== undefined && !same(before, pin.target))
        fail(errors.pinConflict(`${b.name} is pinned to ${describe(before)} and to ${describe(pin.target)}`));
      chosen.set(b.id, pin.target);
    }
  }
  return chosen;
}

/** The request with its pin applied, after checking the pin can hold at all. */
function pinned(problem: PlanningProblem, b: BufferRequest, t: Exclude<PinTarget, { kind: 'app' }>): BufferRequest {
  const pool = problem.pools.find((p) => p.name === t.pool);
  if (pool === undefined)
    fail(errors.pinConflict(`${b.name} is pinned to pool ${t.pool}, but the pools are ${problem.pools.map((p) => p.name).join(', ')}`));
  if (!b.pools.includes(pool.name)) fail(errors.pinConflict(`${b.name} is pinned to ${pool.name}, which the cpu cannot access`));
  if (t.kind === 'pool') return { ...b, pools: [pool.name], pin: { pool: pool.name } };
  if (t.offset % b.alignment !== 0)
    fail(errors.pinConflict(`${b.name} is pinned at offset ${t.offset}, not a multiple of its alignment ${b.alignment}`));
  if (t.offset + b.bytes > pool.size)
    fail(
      errors.pinConflict(
        `${b.name} (${b.bytes} B) pinned at offset ${t.offset} ends at ${t.offset + b.bytes}, past ${pool.name} (${pool.size} B)`,
      ),
    );
  return { ...b, pools: [pool.name], pin: { pool: pool.name, offset: t.offset } };
}

/** Two buffers pinned to fixed offsets that overlap in a pool while both are alive cannot both hold. */
function checkFixedOverlaps(buffers: readonly BufferRequest[]): void {
  const fixed = buffers.filter((b) => b.pin?.offset !== undefined && b.bytes > 0);
  for (let i = 0; i < fixed.length; i++) {
    for (let j = i + 1; j < fixed.length; j++) {
      const a = fixed[i]!;
      const b = fixed[j]!;
      const ao = a.pin?.offset ?? 0;
      const bo = b.pin?.offset ?? 0;
      if (a.pin?.pool === b.pin?.pool && livesOverlap(a, b) && ao < bo + b.bytes && bo < ao + a.bytes) {
        fail(
          errors.pinConflict(
            `${a.name} [${ao}, ${ao + a.bytes}) and ${b.name} [${bo}, ${bo + b.bytes}) overlap in ${a.pin?.pool} while both are live (steps ${Math.max(a.firstStep, b.firstStep)}–${Math.min(a.lastStep, b.lastStep)})`,
          ),
        );
      }
    }
  }
}

/**
 * Applies pins before any planner runs: a pool pin narrows the buffer to that pool, an offset
 * pin fixes it there, and an application pin takes a model input or output out of the arena
 * (the generated code then uses the application's pointer). Conflicts fail with the numbers.
 */
export function applyPins(problem: PlanningProblem, pins: readonly PinSpec[]): PinnedProblem {
  const chosen = targets(problem, pins);
  const buffers: BufferRequest[] = [];
  const appOwned: BufferRequest[] = [];
  for (const b of problem.buffers) {
    const t = chosen.get(b.id);
    if (t === undefined) buffers.push(b);
    else if (t.kind === 'app') {
      if (b.kind !== 'input' && b.kind !== 'output')
        fail(
          errors.pinConflict(
            `${b.name} is ${b.kind === undefined ? 'not known to be' : `a ${b.kind} buffer, not`} a model input or output; only those can be application-owned`,
          ),
        );
      appOwned.push(b);
    } else buffers.push(pinned(problem, b, t));
  }
  checkFixedOverlaps(buffers);
  return { problem: { ...problem, buffers }, appOwned };
}
