import type { Target } from './target.js';
import { token } from './token.js';

/** A compiled model folder and what to feed it. */
export interface RunRequest {
  /** Folder written by `anvil compile` (sources, Makefile, report.json). */
  readonly artifactDir: string;
  /** C identifier of the model (`anvil_<model>_run`). */
  readonly model: string;
  readonly target: Target;
  readonly inputs: readonly Uint8Array[];
  readonly outputBytes: readonly number[];
  /** Host builds only: AddressSanitizer and UBSan. */
  readonly sanitize?: boolean;
  /** Inferences to time (the outputs are those of the last). Default 1. */
  readonly iterations?: number;
}

export interface RunResult {
  readonly outputs: readonly Uint8Array[];
  /** What one inference cost, in the unit the runner states (ns, instructions, …). */
  readonly cost?: { readonly value: number; readonly unit: string };
}

/** Builds and runs a compiled model on a target (a host process, a QEMU board, a device). */
export interface Runner {
  readonly name: string;
  canRun(target: Target): boolean;
  run(request: RunRequest): Promise<RunResult>;
}

/** Multi-provider: the first runner that can run the target is used. */
export const RunnerToken = token<Runner>('Runner');
