import type { CompiledModel, NodePlacement, OffloadReport } from '@anvil/core';
import { cIdent } from './c-text.js';
import type { CompileReport } from './compile-report.js';
import { compileReport } from './compile-report.js';
import type { GeneratedFile } from './emit-model.js';
import { applicationPools, emitModel } from './emit-model.js';
import { projectFiles } from './project-files.js';
import { libraryProperties, readmeFile } from './readme.js';
import { kernelLibraryFiles, runtimeFiles } from './runtime-files.js';

/** report.json: the compile report, with the offloader's report and per-node placement under `--npu`. */
export type ArtifactReport = CompileReport & { readonly offload?: OffloadReport & { readonly nodes: readonly NodePlacement[] } };

/** A compiled model as a self-contained C folder: sources, runtime, build files, report.json. */
export interface Artifact {
  /** C identifier of the model: the API is `anvil_<name>_run`. */
  readonly name: string;
  readonly files: readonly GeneratedFile[];
  readonly report: ArtifactReport;
}

/**
 * Emits the C of a compiled model: generated sources, the runtime, the accelerator's driver,
 * Makefile and CMake, library.properties (Arduino) and a README.md for the application's developer.
 */
export function emitArtifact(compiled: CompiledModel): Artifact {
  const start = performance.now();
  const { program, plan, target, offload } = compiled;
  const name = cIdent(compiled.graph.name);
  const emitted = emitModel(name, program, plan, target, new Set(compiled.appOwned.map((b) => b.id)), compiled.codeSize);
  const offloadFiles = offload?.offloader.runtimeFiles() ?? [];
  const libraryFiles = kernelLibraryFiles(emitted.libraryKernels.headers, emitted.libraryKernels.sources);
  const sources = [...emitted.files, ...libraryFiles, ...offloadFiles].filter((f) => f.path.endsWith('.c')).map((f) => f.path);
  // compileMs covers the pipeline and this emission: what a user waits for.
  const base = compileReport(
    compiled.graph.name,
    target.name,
    plan,
    compiled.bound,
    emitted.lowering,
    emitted.weightBytes,
    emitted.code,
    compiled.compileMs + performance.now() - start,
  );
  const report: ArtifactReport = offload === undefined ? base : { ...base, offload: { ...offload.report, nodes: offload.placements } };
  const built = [
    ...emitted.files,
    ...runtimeFiles(),
    ...libraryFiles,
    ...offloadFiles,
    ...projectFiles(name, sources, target.toolchain),
    libraryProperties(name),
    { path: 'report.json', content: `${JSON.stringify(report, null, 2)}\n` },
  ];
  const readme = readmeFile({
    name,
    target: target.name,
    arenaBytes: arenaBlockBytes(compiled),
    arenaAlign: target.arenaAlignment,
    pools: Math.max(1, applicationPools(plan).filter((p) => p.used > 0).length),
    stateBytes: emitted.stateBytes,
    io: emitted.io,
    paths: built.map((f) => f.path),
  });
  return { name, files: [...built, readme], report };
}

/** ANVIL_<MODEL>_ARENA_BYTES as the header defines it: one pool, or every pool aligned in one block. */
export function arenaBlockBytes(compiled: Pick<CompiledModel, 'plan' | 'target'>): number {
  // The model's state is not in the arena: it lives in its own static block (emit-model's stateSource).
  const used = applicationPools(compiled.plan).filter((p) => p.used > 0);
  const align = compiled.target.arenaAlignment;
  return used.length > 1 ? used.reduce((s, p) => s + Math.ceil(p.used / align) * align, 0) : (used[0]?.used ?? 0);
}
