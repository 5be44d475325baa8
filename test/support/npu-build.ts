import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Graph } from '@anvil/core';
import { compileGraph, wire, writeArtifact } from '@anvil/cli';
import { buildHost, hostTarget } from '@anvil/target-host';
import { REPO_ROOT } from '@anvil/testing';
import type { HostBuild } from './host-build.js';

/**
 * Compiles a graph for the host with an NPU configuration (the offloader plugin loaded by
 * package name, like any third-party plugin) and builds it with ASan and UBSan.
 */
export async function buildForHostWithNpu(graph: Graph, npu: string): Promise<HostBuild> {
  const { container } = await wire(REPO_ROOT, ['@anvil/npu-ethos-u']);
  const compiled = compileGraph(container, graph, { target: 'host', planner: 'greedy-by-size', npu });
  const dir = mkdtempSync(join(tmpdir(), `anvil-npu-${compiled.name}-`));
  writeArtifact(dir, compiled.files, true);
  const exe = buildHost({ artifactDir: dir, model: compiled.name, target: hostTarget, inputs: [], outputBytes: [], sanitize: true });
  return { compiled, dir, exe };
}
