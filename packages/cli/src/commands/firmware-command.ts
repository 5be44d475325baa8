import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors, fail, findTarget } from '@anvil/core';
import type { CompileOptions, FirmwareBuildRequest, Graph, Runner, Target } from '@anvil/core';
import type { Anvil } from '@anvil/sdk';
import { writeArtifact } from '@anvil/sdk';
import type { Artifact } from '@anvil/sdk';
import { silentProgress, step } from '../progress.js';
import type { Progress } from '../progress.js';
import { compileLabel } from './step-labels.js';

/** What `project` and `flash-image` share: where to write, and the firmware's board and kind. */
export interface FirmwareCommandOptions extends CompileOptions {
  readonly out: string;
  readonly force: boolean;
  readonly json: boolean;
  /** Board for runners with several (`qemu-mps2-an386`); default: the target's. */
  readonly board?: string;
  /** The serial RPC firmware instead of the semihosting one. */
  readonly hostDriven: boolean;
  /** The model file as given, for the JSON report. */
  readonly modelPath?: string;
}

/** The runner capability a command needs, and how the command is named in its errors. */
export type FirmwareCapability = 'project' | 'flashImage';

/**
 * The runner that makes firmware for the target. A target whose runner cannot (the host
 * process), a board it does not have, or host-driven firmware it cannot serve: a usage error,
 * before anything is compiled.
 */
export function firmwareRunner(
  anvil: Anvil,
  o: Pick<FirmwareCommandOptions, 'target' | 'board' | 'hostDriven'>,
  capability: FirmwareCapability,
  command: string,
): { runner: Runner; target: Target } {
  const target = findTarget(anvil.services().targets, o.target);
  const runner = anvil.services().runners.find((r) => r.canRun(target));
  if (runner === undefined) fail(errors.targetNotFound(`${o.target} (no runner can run it)`, []));
  if (runner[capability] === undefined)
    fail(
      errors.cliBadArgument(
        `${command}: ${target.name} runs as a ${runner.name}, which makes no firmware for a board`,
        'give a board target (e.g. --target cortex-m4); for the host, `anvil compile` writes the C folder with its Makefile',
      ),
    );
  const boards = runner.boards?.(target);
  if (o.board !== undefined && boards !== undefined && !boards.includes(o.board))
    fail(errors.cliBadArgument(`--board ${o.board} cannot run ${target.name}`, `boards for ${target.name}: ${boards.join(', ')}`));
  if (o.hostDriven && runner.canHostDrive !== true)
    fail(
      errors.cliBadArgument(
        `--host-driven: ${runner.name} has no serial line to serve on ${target.name}`,
        'drop --host-driven for the standalone firmware',
      ),
    );
  return { runner, target };
}

/**
 * Compiles the model and hands the compiled folder (a scratch copy, removed afterwards) to
 * `make`, which asks the runner for the firmware files.
 */
export async function withCompiledFolder<T>(
  anvil: Anvil,
  graph: Graph,
  o: FirmwareCommandOptions,
  progress: Progress = silentProgress,
  make: (request: FirmwareBuildRequest, artifact: Artifact) => Promise<T>,
): Promise<T> {
  const compiled = await step(progress, compileLabel(graph, o), 'compiled', () => anvil.compile(graph, o));
  const artifact = anvil.emit(compiled);
  const dir = mkdtempSync(join(tmpdir(), 'anvil-firmware-'));
  try {
    writeArtifact(dir, artifact.files, true);
    return await make(
      {
        artifactDir: dir,
        // Only what Anvil generated is built.
        sources: artifact.files.filter((f) => f.path.endsWith('.c')).map((f) => f.path),
        model: artifact.name,
        target: compiled.target,
        ...(o.board === undefined ? {} : { board: o.board }),
        numInputs: graph.inputs.length,
        numOutputs: graph.outputs.length,
        hostDriven: o.hostDriven,
      },
      artifact,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
