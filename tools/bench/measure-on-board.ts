// Compiles a graph, builds its firmware for a QEMU board and runs one inference: what the
// Cortex-M benchmarks measure, in one place.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensorBytes } from '@anvil/core';
import type { CompileOptions, Graph, Tensor } from '@anvil/core';
import type { Anvil, Artifact } from '@anvil/sdk';
import { writeArtifact } from '@anvil/sdk';
import { boardFor, buildFirmware, callSteps, footprintOf, runFirmware } from '@anvil/host';

export interface BoardMeasure {
  readonly instructions: number;
  /** Instructions per step that calls a kernel (with `profile`). */
  readonly perStep: ReadonlyMap<number, number>;
  readonly footprint: ReturnType<typeof footprintOf>;
  readonly report: Artifact['report'];
}

export function measureOnBoard(
  anvil: Anvil,
  graph: Graph,
  inputs: readonly Uint8Array[],
  options: CompileOptions,
  boardName: string,
  profile = false,
): BoardMeasure {
  const model = anvil.compile(graph, options);
  const compiled = anvil.emit(model);
  const board = boardFor(options.target, boardName);
  if (board === undefined) throw new Error(`${boardName} cannot run ${options.target}`);
  const dir = mkdtempSync(join(tmpdir(), `anvil-bench-${compiled.name}-`));
  try {
    writeArtifact(dir, compiled.files, true);
    const fw = buildFirmware({
      artifactDir: dir,
      model: compiled.name,
      target: model.target,
      board,
      numInputs: inputs.length,
      numOutputs: graph.outputs.length,
      profile,
    });
    const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
    const run = runFirmware(fw, board, [inputs], outputBytes);
    const steps = callSteps(dir);
    return {
      instructions: run.instructions[0] ?? NaN,
      perStep: new Map(run.calls.map((c, i) => [steps[i] as number, c])),
      footprint: footprintOf(fw, compiled.report.arenaBytes, run.stackBytes),
      report: compiled.report,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
