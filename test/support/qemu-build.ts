import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensorBytes } from '@anvil/core';
import type { CodeSize, Graph, PatchSpec, PinSpec, Tensor } from '@anvil/core';
import { writeArtifact } from '@anvil/sdk';
import { boardFor, buildFirmware } from '@anvil/host';
import type { Board, Firmware } from '@anvil/host';
import type { Compiled, StrategiesOverride } from './compile.js';
import { compileModel } from './compile.js';

export interface QemuBuild {
  readonly compiled: Compiled;
  readonly board: Board;
  readonly firmware: Firmware;
  readonly outputBytes: readonly number[];
}

/** Compiles a graph for a Cortex-M target and builds the standalone firmware for its board. */
export async function buildForBoard(
  graph: Graph,
  target: string,
  boardName: string,
  options: {
    kernels?: 'all' | 'portable';
    profile?: boolean;
    codeSize?: CodeSize;
    strategies?: StrategiesOverride;
    /** Reset a stateful model before each input set (fresh state per set); default: carry it. */
    resetEachSet?: boolean;
    patches?: readonly PatchSpec[];
    pins?: readonly PinSpec[];
  } = {},
): Promise<QemuBuild> {
  const compiled = await compileModel(
    graph,
    {
      target,
      planner: 'greedy-by-size',
      kernels: options.kernels ?? 'all',
      ...(options.codeSize === undefined ? {} : { codeSize: options.codeSize }),
      ...(options.patches === undefined ? {} : { patches: options.patches }),
      ...(options.pins === undefined ? {} : { pins: options.pins }),
    },
    [],
    options.strategies,
  );
  const board = boardFor(target, boardName);
  if (board === undefined) throw new Error(`${boardName} cannot run ${target}`);
  const dir = mkdtempSync(join(tmpdir(), `anvil-${compiled.name}-${boardName}-`));
  writeArtifact(dir, compiled.files, true);
  const firmware = buildFirmware({
    artifactDir: dir,
    model: compiled.name,
    target: compiled.target,
    board,
    numInputs: graph.inputs.length,
    numOutputs: graph.outputs.length,
    profile: options.profile === true,
    resetEachSet: options.resetEachSet === true,
  });
  const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
  return { compiled, board, firmware, outputBytes };
}
