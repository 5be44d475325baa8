import { fail } from '../errors/anvil-error.js';
import { addressSpaceExceeded } from '../errors/builders.js';
import type { Target } from '../extension/target.js';
import { DEFAULT_ADDRESS_BITS } from '../extension/target.js';
import { lowerBound } from './lower-bound.js';
import type { MemoryPlan, PlanningProblem, PoolUsage } from './problem.js';

/**
 * The most bytes one object may span on the target: 2^bits − 1, the largest `size_t`, so
 * the arena's size and every `base + offset` the C computes are exact. On 64-bit targets
 * JS numbers are the tighter limit: sizes stay exact integers only up to 2^53 − 1.
 */
export function addressableBytes(target: Pick<Target, 'addressBits'>): number {
  return Math.min(2 ** (target.addressBits ?? DEFAULT_ADDRESS_BITS) - 1, Number.MAX_SAFE_INTEGER);
}

function checker(target: Target): (what: string, end: number) => void {
  const limit = addressableBytes(target);
  const bits = target.addressBits ?? DEFAULT_ADDRESS_BITS;
  return (what, end) => {
    if (end > limit) fail(addressSpaceExceeded(what, end, target.name, bits, limit));
  };
}

/**
 * Refuses, before any planner runs, memory the target cannot address: a pool size, the
 * pools together, the flash capacity or the weights in it, a pin's offset plus its buffer,
 * or the live bytes no plan can go below. Without it a 32-bit target is handed offsets its
 * pointers wrap around, and the C is silently wrong.
 */
export function checkAddressSpace(problem: PlanningProblem, flash: PoolUsage, target: Target): void {
  const check = checker(target);
  const finite = problem.pools.filter((p) => Number.isFinite(p.size));
  for (const p of finite) check(`pool ${p.name} (${p.size} bytes)`, p.size);
  if (finite.length > 1)
    check(
      `pools ${finite.map((p) => p.name).join(' + ')} together`,
      finite.reduce((s, p) => s + p.size, 0),
    );
  if (Number.isFinite(flash.capacity)) check(`flash (${flash.capacity} bytes)`, flash.capacity);
  check('the weights in flash', flash.used);
  for (const b of problem.buffers) {
    if (b.pin?.offset === undefined) continue;
    check(`"${b.name}" (${b.bytes} bytes) pinned at ${b.pin.pool}@${b.pin.offset}`, b.pin.offset + b.bytes);
  }
  check('the live bytes at the busiest step (no plan can use less)', lowerBound(problem).bytes);
}

/** Refuses a plan whose pools, alone or together, the target cannot address. */
export function checkPlanAddressSpace(plan: MemoryPlan, target: Target): void {
  const check = checker(target);
  for (const p of plan.pools) check(`the ${plan.planner} plan's pool ${p.name}`, p.used);
  if (plan.pools.length > 1)
    check(
      `the ${plan.planner} plan's pools together`,
      plan.pools.reduce((s, p) => s + p.used, 0),
    );
}
