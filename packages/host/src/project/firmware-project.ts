import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { FirmwareFile, FirmwareProjectRequest, FirmwareProjectResult } from '@anvil/core';
import { BOARDS_DIR, RPC_DIR, firmwareLayout } from '../firmware-layout.js';
import type { FirmwareFileRef } from '../firmware-layout.js';
import { projectBuild, projectPath } from './project-build.js';
import { projectCmakeLists, projectToolchainFile } from './project-cmake.js';
import { projectMakefile } from './project-makefile.js';
import { projectReadme } from './project-readme.js';
import { requireBoard } from './project-board.js';

/** Every `.c` under a folder (folder-relative), as the in-repo build takes them when none are named. */
function cSources(root: string, dir = root): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) return f.startsWith('build-') ? [] : cSources(root, p);
      return f.endsWith('.c') ? [relative(root, p).split('\\').join('/')] : [];
    });
}

const bytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/**
 * The main of a project: the RPC identities the in-repo build passes as -D are written in, so
 * the project's build files need no defines and report the same identities.
 */
function projectMain(main: string, defines: readonly string[]): string {
  if (defines.length === 0) return main;
  const lines = defines.map((d) => {
    const [name, value] = d.split('=');
    return `#define ${name} ${value}`;
  });
  return `/* The identities \`hello\` reports (model: CRC-32 of the model and weights sources). */\n${lines.join('\n')}\n\n${main}`;
}

/**
 * A standalone firmware project for a board (`anvil project`): the compiled model folder in
 * `model/`, the board's startup and linker scripts, for host-driven firmware the RPC server,
 * the generated `main.c`, Makefile or CMakeLists.txt (with its toolchain file) and a README.
 * The files and flags come from the same layout `anvil run` builds with (firmware-layout.ts);
 * nothing in the project refers back to this repository.
 */
export async function firmwareProject(request: FirmwareProjectRequest): Promise<FirmwareProjectResult> {
  const artifactDir = resolve(request.artifactDir);
  const board = requireBoard(request.target, request.board);
  const layout = firmwareLayout({
    artifactDir,
    model: request.model,
    sources: request.sources ?? cSources(artifactDir),
    target: request.target,
    board,
    numInputs: request.numInputs,
    numOutputs: request.numOutputs,
    profile: false,
    hostDriven: request.hostDriven,
  });
  const from = (f: FirmwareFileRef): string => join(f.root === 'boards' ? BOARDS_DIR : f.root === 'rpc' ? RPC_DIR : artifactDir, f.path);
  const copied = [...layout.boardSources, ...layout.boardHeaders, ...layout.linkScripts].map((f): FirmwareFile => ({
    path: projectPath(f),
    content: bytes(from(f)),
  }));
  const build = projectBuild(layout, request.model, request.target, board, request.hostDriven);
  const buildFiles: FirmwareFile[] =
    request.template === 'make'
      ? [{ path: 'Makefile', content: projectMakefile(build) }]
      : [
          { path: 'CMakeLists.txt', content: projectCmakeLists(build) },
          { path: 'toolchain.cmake', content: projectToolchainFile(build) },
        ];
  const files: FirmwareFile[] = [
    ...request.files.map((f) => ({ path: `model/${f}`, content: bytes(join(artifactDir, f)) })),
    ...copied,
    { path: 'main.c', content: projectMain(layout.main, layout.mainDefines) },
    ...buildFiles,
    { path: 'README.md', content: projectReadme(build, request.template) },
  ];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) fail(errors.internal(`firmware project: two files at ${f.path}`));
    seen.add(f.path);
  }
  return { files, board: board.name, ...(layout.modelId === undefined ? {} : { modelId: layout.modelId }) };
}
