import type { CodeSize } from '../lowering/code-size.js';
import type { Importer } from '../extension/importer.js';
import type { KernelStrategy } from '../extension/kernel-strategy.js';
import type { Offloader } from '../extension/offloader.js';
import type { Target } from '../extension/target.js';
import type { TuningLog } from '../tuning/tuning-log.js';
import type { MemoryPlanner } from '../memory/memory-planner.js';
import type { PinResolver, PinSpec } from '../memory/pin-resolver.js';
import type { Pool } from '../memory/problem.js';

/** One patch stage to make: nodes `first..last` of the imported graph in `bands` row bands. */
export interface PatchSpec {
  readonly first: number;
  readonly last: number;
  readonly bands: number;
}

/** A RAM pool as the user gives it; the pipeline sets its alignment from the target. */
export type PoolSpec = Omit<Pool, 'alignment'>;

/** Where `dumpAfter` sends the IR after the stage it names. */
export type DumpSink = (stage: string, ir: unknown) => void;

/** Everything the compile pipeline may be told, already parsed: nothing below re-reads strings. */
export interface CompileOptions {
  /** Target name (`host`, `cortex-m4`…). */
  readonly target: string;
  /**
   * Memory planner name; default `auto`: every registered heuristic planner, the smallest
   * plan kept, then the searching planners (ilp) from it within `timeLimitMs` (default 1 s);
   * the plan is named `auto (WINNER)` (see `planAuto`).
   */
  readonly planner?: string;
  /** How library kernels are instantiated: flash against speed (see `CodeSize`). Default `balanced`. */
  readonly codeSize?: CodeSize;
  /** Kernel choices `anvil tune` counted on a board, per kind of node; for this target only. */
  readonly tuning?: TuningLog;
  /** Where `tuning` came from, for messages (a file name). */
  readonly tuningSource?: string;
  /** `portable`: only the portable C kernels (a baseline for benchmarks). Default `all`. */
  readonly kernels?: 'all' | 'portable';
  /** NPU configuration (`ethos-u55-128`): its offloader claims and compiles regions before lowering. */
  readonly npu?: string;
  /** RAM pools for activations, fastest first; default the target's one arena. */
  readonly pools?: readonly PoolSpec[];
  /** Flash capacity for weights and accelerator streams; default unbounded. */
  readonly flashBytes?: number;
  readonly pins?: readonly PinSpec[];
  /**
   * Patch stages to make before lowering (see patch/patch-stage.ts): node ranges of the
   * imported graph, each run in `bands` row bands. Default none: no recomputation.
   */
  readonly patches?: readonly PatchSpec[];
  /**
   * SRAM budget for the arena: without `patches`, the patch search (patch/patch-search.ts)
   * picks the stages that fit it with the fewest recomputed MACs (none when the model fits
   * as it is), and compile fails when nothing fits. Absent: no search, no recomputation.
   * With `npu` there is no search (an offloaded region cannot run in bands): the budget is checked as is.
   */
  readonly sram?: number;
  /** Run the operators in the order with the lowest peak of live bytes. */
  readonly reorder?: boolean;
  /** Time limit of searching planners (ms); under `auto` it defaults to `AUTO_TIME_LIMIT_MS` (1 s). */
  readonly timeLimitMs?: number;
  /** A stage name (see `STAGES`): its result goes to `dump`. */
  readonly dumpAfter?: string;
  readonly dump?: DumpSink;
}

/**
 * The registered services the pipeline draws on, as plain values: the DI container stays at
 * the edge (the CLI, the SDK), the pipeline never sees it.
 */
export interface CompileServices {
  readonly importers: readonly Importer[];
  readonly targets: readonly Target[];
  readonly strategies: readonly KernelStrategy[];
  readonly offloaders: readonly Offloader[];
  readonly planners: readonly MemoryPlanner[];
  readonly pinResolvers: readonly PinResolver[];
}
