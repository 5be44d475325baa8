import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Graph } from '@anvil/core';
import { writeArtifact } from '@anvil/sdk';
import { buildHost, hostTarget } from '@anvil/target-host';
import { compileModel } from './compile.js';
import type { HostBuild } from './host-build.js';

/**
 * Compiles a graph for the host with an NPU configuration (the offloader plugin loaded by
 * package name, like any third-party plugin) and builds it with ASan and UBSan.
 */
export async function buildForHostWithNpu(graph: Graph, npu: string): Promise<HostBuild> {
  const compiled = await compileModel(graph, { target: 'host', planner: 'greedy-by-size', npu }, ['@anvil/npu-ethos-u']);
  const dir = mkdtempSync(join(tmpdir(), `anvil-npu-${compiled.name}-`));
  writeArtifact(dir, compiled.files, true);
  const exe = buildHost({ artifactDir: dir, model: compiled.name, target: hostTarget, inputs: [], outputBytes: [], sanitize: true });
  return { compiled, dir, exe };
}
