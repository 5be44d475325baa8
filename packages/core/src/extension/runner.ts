import type { FirmwareProjectRequest, FirmwareProjectResult, FlashImageRequest, FlashImageResult } from './firmware-outputs.js';
import type { Target } from './target.js';
import { token } from './token.js';

/** A compiled model folder and what to feed it. */
export interface RunRequest {
  /** Folder written by `anvil compile` (sources, Makefile, report.json). */
  readonly artifactDir: string;
  /**
   * The artifact's C sources (folder-relative): only these are built, so a user's own `.c`
   * kept in the folder never joins the model. Absent: every `.c` under the folder.
   */
  readonly sources?: readonly string[];
  /** C identifier of the model (`anvil_<model>_run`). */
  readonly model: string;
  readonly target: Target;
  readonly inputs: readonly Uint8Array[];
  readonly outputBytes: readonly number[];
  /** Host builds only: AddressSanitizer and UBSan. */
  readonly sanitize?: boolean;
  /** Inferences to time (the outputs are those of the last). Default 1. */
  readonly iterations?: number;
  /** Board to run on, for runners that have several (`qemu-mps2-an386`); default: the target's. */
  readonly board?: string;
  /** Measure each step's cost too (builds with ANVIL_PROFILE). */
  readonly profile?: boolean;
  /**
   * Boot once and send every inference through the board's serial RPC instead of a fresh
   * semihosting boot each (runners with `canHostDrive`).
   */
  readonly hostDriven?: boolean;
  /**
   * A board already flashed with the host-driven firmware of this model, on this serial port:
   * nothing is built or booted, the inputs go over the line (implies `hostDriven`).
   */
  readonly port?: { readonly path: string; readonly baud: number };
  /** Told as the run moves on, so a long one can show where it is (the CLI's progress). */
  readonly onPhase?: (phase: RunPhase) => void;
}

/**
 * Where a run is: building the executable, booting the board, or sending the inputs and reading
 * the outputs of set `done` of `total` over a serial line.
 */
export type RunPhase =
  | { readonly stage: 'build' }
  | { readonly stage: 'boot'; readonly board: string }
  | { readonly stage: 'transfer'; readonly done: number; readonly total: number };

/** One step's cost in a profiled run; `step` indexes the program's steps (views cost nothing). */
export interface StepCost {
  readonly step: number;
  readonly value: number;
}

/** Bytes a build occupies on the device, read from the linked image. */
export interface Footprint {
  /** Code + read-only data (+ the .data initialisers), the whole image. */
  readonly flashBytes: number;
  /** Of which the model's own objects: kernels, weights, run function. */
  readonly modelFlashBytes: number;
  /** Static RAM (.data + .bss, which hold the arena, + .noinit) plus the stack's high-water mark. */
  readonly ramBytes: number;
  readonly arenaBytes: number;
  readonly stackBytes: number;
}

export interface RunResult {
  readonly outputs: readonly Uint8Array[];
  /** What one inference cost, in the unit the runner states (ns, instructions, …). */
  readonly cost?: { readonly value: number; readonly unit: string };
  /** Per-step costs in the same unit, when the request asked for a profile and the runner can. */
  readonly profile?: readonly StepCost[];
  readonly footprint?: Footprint;
  /** The board it ran on, for runners with several. */
  readonly board?: string;
  /** The cost of every inference run, in the same unit, when there were several (`iterations`). */
  readonly costs?: readonly number[];
}

/** Builds and runs a compiled model on a target (a host process, a QEMU board, a device). */
export interface Runner {
  readonly name: string;
  canRun(target: Target): boolean;
  /** The boards it can run the target on, for runners with several (absent: no `--board` applies). */
  boards?(target: Target): readonly string[];
  /** Whether `profile` gives per-step costs (absent: it does not, and `--profile` is refused). */
  readonly canProfile?: boolean;
  /** Whether `hostDriven` runs are possible (absent: they are not, and `--host-driven` is refused). */
  readonly canHostDrive?: boolean;
  run(request: RunRequest): Promise<RunResult>;
  /** A standalone firmware project for a board, built outside Anvil (absent: `anvil project` is refused). */
  project?(request: FirmwareProjectRequest): Promise<FirmwareProjectResult>;
  /** The firmware built into files to flash (absent: `anvil flash-image` is refused). */
  flashImage?(request: FlashImageRequest): Promise<FlashImageResult>;
}

/** Multi-provider: the first runner that can run the target is used. */
export const RunnerToken = token<Runner>('Runner');
