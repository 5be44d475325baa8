import { fail } from '../errors/anvil-error.js';
import { cliBadArgument, planDoesNotFit } from '../errors/builders.js';
import type { Target } from '../extension/target.js';
import type { Graph } from '../ir/graph.js';
import type { Program } from '../lowering/program.js';
import { checkAddressSpace } from '../memory/check-address-space.js';
import { checkBudget } from '../memory/check-budget.js';
import type { PinResolver, PinSpec } from '../memory/pin-resolver.js';
import { defaultPools, PERSISTENT_POOL, persistentPool, problemFromProgram } from '../memory/problem-from-program.js';
import type { BufferRequest, PlanningProblem, PoolAccess, PoolUsage } from '../memory/problem.js';
import { weightPool } from '../memory/weight-pool.js';
import type { PoolSpec } from './compile-options.js';

/** The planning problem every planner sees, and what the plan leaves to the application. */
export interface MemoryProblem {
  /** Pins applied, application-owned buffers removed, budgets checked. */
  readonly problem: PlanningProblem;
  readonly appOwned: readonly BufferRequest[];
  /** The weights (and accelerator streams), stacked in flash. */
  readonly flash: PoolUsage;
}

// The emitted C aligns every weight array to 16 bytes (ANVIL_ALIGNED(16)).
const WEIGHT_ALIGN = 16;

export interface MemoryRequest {
  readonly pools?: readonly PoolSpec[];
  readonly flashBytes?: number;
  readonly pins?: readonly PinSpec[];
  /** Flash the accelerator adds (command streams, encoded weights). */
  readonly offloadFlashBytes: number;
  /** Who besides the CPU reaches the default arena (an offloader's access). */
  readonly defaultAccess: readonly PoolAccess[];
}

/**
 * Pools, flash, pins and budgets: the user's pools (or the target's one arena), the flash
 * check for weights and accelerator streams together, pins through the pin resolver, then
 * the budget check that refuses with the numbers what no planner could meet.
 */
export function memoryProblem(
  graph: Graph,
  program: Program,
  target: Target,
  o: MemoryRequest,
  pinResolvers: readonly PinResolver[],
): MemoryProblem {
  const given = (o.pools ?? []).map((p) => ({ ...p, alignment: target.arenaAlignment }));
  const ram = given.length > 0 ? given : defaultPools(target.arenaAlignment, Number.POSITIVE_INFINITY, o.defaultAccess);
  // A model with state gets the persistent pool (unless the user sized one with --pool).
  const hasState = program.buffers.some((b) => b.kind === 'persistent');
  const pools = hasState && !ram.some((p) => p.name === PERSISTENT_POOL) ? [...ram, persistentPool(target.arenaAlignment)] : ram;
  const capacity = o.flashBytes ?? Number.POSITIVE_INFINITY;
  const weights = weightPool(graph, WEIGHT_ALIGN, capacity);
  if (weights.used > capacity) fail(planDoesNotFit('flash (weights)', weights.used, capacity));
  const flash = { ...weights, used: weights.used + o.offloadFlashBytes };
  if (flash.used > capacity) fail(planDoesNotFit('flash (weights and NPU command streams)', flash.used, capacity));
  const problem = problemFromProgram(program, pools);
  const pins = o.pins ?? [];
  if (pins.length === 0) return check({ problem, appOwned: [], flash }, target);
  // The last registered resolver wins: a plugin loaded after the built-ins replaces their pin rules.
  const resolver = pinResolvers[pinResolvers.length - 1];
  if (resolver === undefined) fail(cliBadArgument('--pin needs a pin resolver plugin', 'load @anvil/planner-pinning'));
  return check({ ...resolver.resolve(problem, pins), flash }, target);
}

function check(m: MemoryProblem, target: Target): MemoryProblem {
  checkAddressSpace(m.problem, m.flash, target);
  checkBudget(m.problem);
  return m;
}
