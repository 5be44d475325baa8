import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensorBytes } from '@anvil/core';
import type { Graph, Tensor } from '@anvil/core';
import { writeArtifact } from '@anvil/sdk';
import { boardFor, buildFirmware } from '@anvil/host';
import { compileModel } from './compile.js';
import type { QemuBuild } from './qemu-build.js';

/** Like buildForBoard, with an NPU configuration: the simulator is cross-compiled into the firmware. */
export async function buildForBoardWithNpu(graph: Graph, target: string, boardName: string, npu: string): Promise<QemuBuild> {
  const compiled = await compileModel(graph, { target, planner: 'greedy-by-size', npu }, ['@anvil/npu-ethos-u']);
  const board = boardFor(target, boardName);
  if (board === undefined) throw new Error(`${boardName} cannot run ${target}`);
  const dir = mkdtempSync(join(tmpdir(), `anvil-npu-${compiled.name}-${boardName}-`));
  writeArtifact(dir, compiled.files, true);
  const firmware = buildFirmware({
    artifactDir: dir,
    model: compiled.name,
    target: compiled.target,
    board,
    numInputs: graph.inputs.length,
    numOutputs: graph.outputs.length,
    profile: false,
  });
  const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
  return { compiled, board, firmware, outputBytes };
}
