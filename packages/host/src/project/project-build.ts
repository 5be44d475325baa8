import type { Target } from '@anvil/core';
import type { Board } from '../boards.js';
import type { FirmwareFileRef, FirmwareLayout } from '../firmware-layout.js';

/**
 * A firmware layout moved into a project folder: every path relative to the project, so its
 * build files name nothing outside it. The model sits in `model/` as `anvil compile` writes it,
 * the board files in `board/`, the RPC server in `rpc/`, the generated main in `main.c`.
 */
export interface ProjectBuild {
  readonly model: string;
  readonly target: Target;
  readonly board: Board;
  readonly hostDriven: boolean;
  readonly cc: string;
  readonly cflags: readonly string[];
  /** Include folders, project-relative. */
  readonly includes: readonly string[];
  /** Every C file, project-relative: main, board, RPC, model. */
  readonly sources: readonly string[];
  /** Folders the linker searches for the scripts, project-relative. */
  readonly linkDirs: readonly string[];
  readonly linkFlags: readonly string[];
  readonly libs: readonly string[];
  /** The link driver and the flags that pick the target's C library (the compile flags, or Toolchain.linker's). */
  readonly link: { readonly cc: string; readonly flags: readonly string[] };
  readonly objcopy: string;
  /** The image, as the build files place it. */
  readonly elf: string;
}

const FOLDERS: Readonly<Record<FirmwareFileRef['root'], string>> = { model: 'model', boards: 'board', rpc: 'rpc' };

/**
 * Where a layout file (or folder) goes in the project. The model keeps its tree; board and RPC
 * files are flattened, since one family's startup and scripts have distinct names.
 */
export function projectPath(ref: FirmwareFileRef, folder = false): string {
  const top = FOLDERS[ref.root];
  if (ref.root === 'model') return ref.path === '.' ? top : `${top}/${ref.path}`;
  return folder ? top : `${top}/${ref.path.split('/').pop() as string}`;
}

const unique = (list: readonly string[]): string[] => [...new Set(list)];

export function projectBuild(layout: FirmwareLayout, model: string, target: Target, board: Board, hostDriven: boolean): ProjectBuild {
  return {
    model,
    target,
    board,
    hostDriven,
    cc: layout.cc,
    cflags: layout.cflags,
    includes: unique(layout.includes.map((f) => projectPath(f, true))),
    sources: ['main.c', ...layout.boardSources.map((f) => projectPath(f)), ...layout.modelSources.map((s) => `model/${s}`)],
    linkDirs: unique(layout.linkDirs.map((f) => projectPath(f, true))),
    linkFlags: layout.linkFlags,
    libs: layout.libs,
    // A gcc driver picks its C library (multilib) from the CPU and float flags: it links with the compile flags.
    link: layout.linker ?? { cc: layout.cc, flags: layout.cflags },
    objcopy: `${board.family.binutils}objcopy`,
    elf: `build/${model}.elf`,
  };
}
