import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompileOptions, Graph } from '@anvil/core';
import { writeArtifact } from '@anvil/sdk';
import { buildHost, hostTarget } from '@anvil/target-host';
import type { Compiled } from './compile.js';
import { compileModel } from './compile.js';

export interface HostBuild {
  readonly compiled: Compiled;
  readonly dir: string;
  readonly exe: string;
}

/** Compiles a graph for the host and builds it with ASan and UBSan, as the tests require. */
export async function buildForHost(
  graph: Graph,
  planner = 'greedy-by-size',
  memory: Omit<CompileOptions, 'target' | 'planner'> = {},
): Promise<HostBuild> {
  const compiled = await compileModel(graph, { ...memory, target: 'host', planner });
  const dir = mkdtempSync(join(tmpdir(), `anvil-${compiled.name}-`));
  writeArtifact(dir, compiled.files, true);
  const exe = buildHost({ artifactDir: dir, model: compiled.name, target: hostTarget, inputs: [], outputBytes: [], sanitize: true });
  return { compiled, dir, exe };
}

/** Runs the built executable once on the given inputs and returns its raw outputs. */
export function runHost(build: HostBuild, inputs: readonly Uint8Array[], outputBytes: readonly number[], tag: string): Uint8Array[] {
  const ins = inputs.map((b, k) => {
    const p = join(build.dir, `${tag}_in${k}.bin`);
    writeFileSync(p, b);
    return p;
  });
  const outs = outputBytes.map((_, k) => join(build.dir, `${tag}_out${k}.bin`));
  const r = spawnSync(build.exe, ['1', ...ins, ...outs], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`host run failed (exit ${r.status}): ${r.stderr}`);
  return outs.map((p) => new Uint8Array(readFileSync(p)));
}
