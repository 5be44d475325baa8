import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { Target } from '@anvil/core';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';
import type { Board } from './boards.js';
import { firmwareMain } from './firmware-main.js';
import { firmwareRpcMain, rpcIdHex, rpcModelId, rpcPoolBytes } from './firmware-rpc-main.js';
import { crc32 } from './rpc/crc32.js';

export const BOARDS_DIR = join(RUNTIME_C_DIR, 'boards');
export const RPC_DIR = join(RUNTIME_C_DIR, 'rpc');

/**
 * Where a firmware file lives: the compiled model folder, runtime-c/boards or runtime-c/rpc.
 * The in-repo build resolves these to absolute paths; a project copies them into its own folders.
 */
export type FirmwareRoot = 'model' | 'boards' | 'rpc';

export interface FirmwareFileRef {
  readonly root: FirmwareRoot;
  /** Relative to the root, with `/`; `.` for the root folder itself. */
  readonly path: string;
}

/** What a firmware layout is computed from: the model folder, its target and board. */
export interface LayoutRequest {
  readonly artifactDir: string;
  readonly model: string;
  /** The model's C sources (folder-relative). */
  readonly sources: readonly string[];
  readonly target: Target;
  readonly board: Board;
  readonly numInputs: number;
  readonly numOutputs: number;
  readonly profile: boolean;
  readonly hostDriven: boolean;
  /** Host-driven tests: input 0 starting "FALT" crashes `run` (ANVIL_RPC_TEST_FAULT). */
  readonly testFault?: boolean;
}

/**
 * Everything that decides how a firmware image is made: its files and its flags. The in-repo
 * build (build-firmware.ts) and a standalone project (project/) both read it, so a project
 * builds exactly what `anvil run` builds.
 */
export interface FirmwareLayout {
  /** Compiler of every C file. */
  readonly cc: string;
  /** The target's flags, then the build's own defines (ANVIL_PROFILE). */
  readonly cflags: readonly string[];
  /** Include folders, in search order. */
  readonly includes: readonly FirmwareFileRef[];
  /** The model's C files (folder-relative). */
  readonly modelSources: readonly string[];
  /** Board startup and semihosting, and for host-driven firmware the RPC server and UART driver. */
  readonly boardSources: readonly FirmwareFileRef[];
  /** Headers those sources and the main include, besides the model's own. */
  readonly boardHeaders: readonly FirmwareFileRef[];
  /** The generated firmware `main()` (C text). */
  readonly main: string;
  /** `NAME=VALUE` defines the main needs (the RPC identities): -D in a build, #define in a project. */
  readonly mainDefines: readonly string[];
  /** Folders the linker searches: the board's (link.ld) first, then the family's (sections.ld). */
  readonly linkDirs: readonly FirmwareFileRef[];
  /** The linker scripts in those folders. */
  readonly linkScripts: readonly FirmwareFileRef[];
  /** Link flags besides the objects and the compile flags: no crt0, the C library, the script. */
  readonly linkFlags: readonly string[];
  /** Libraries after the objects: float QUANTIZE rounds with roundf, which the C library keeps in libm. */
  readonly libs: readonly string[];
  /** The driver that links, when the compiler cannot (Toolchain.linker). */
  readonly linker?: { readonly cc: string; readonly flags: readonly string[] };
  /** Host-driven firmware: the model identity its `hello` reports (16 hex digits). */
  readonly modelId?: string;
}

/** The files and flags of a board's firmware around a compiled model (standalone or host-driven). */
export function firmwareLayout(req: LayoutRequest): FirmwareLayout {
  const { target, board } = req;
  const { family } = board;
  const rpc = req.hostDriven ? rpcParts(req) : undefined;
  const boardsFile = (path: string): FirmwareFileRef => ({ root: 'boards', path });
  const rpcFile = (path: string): FirmwareFileRef => ({ root: 'rpc', path });
  const boardSources = [...family.startup.map(boardsFile), ...(rpc?.sources ?? []).map(rpcFile)];
  return {
    cc: target.toolchain.cc,
    cflags: [...target.toolchain.cflags, ...(req.profile ? ['-DANVIL_PROFILE'] : [])],
    // Headers (anvil_board.h, anvil_semihost.h) are every family's; linker sections are per family.
    includes: [
      { root: 'model', path: '.' },
      { root: 'model', path: 'runtime/include' },
      boardsFile('common'),
      ...(rpc === undefined ? [] : [rpcFile('.')]),
    ],
    modelSources: req.sources,
    boardSources,
    boardHeaders: [
      boardsFile('common/anvil_board.h'),
      boardsFile('common/anvil_semihost.h'),
      // Each RPC source comes with its header; the server's includes are among them.
      ...(rpc?.sources ?? []).map((s) => rpcFile(s.replace(/\.c$/, '.h'))),
    ],
    main: rpc?.main ?? firmwareMain(req.model, req.numInputs, req.numOutputs),
    mainDefines: rpc?.defines ?? [],
    linkDirs: [boardsFile(board.dir), boardsFile(family.common)],
    linkScripts: [boardsFile(`${board.dir}/link.ld`), boardsFile(`${family.common}/sections.ld`)],
    linkFlags: ['-nostartfiles', ...family.linkFlags, '-T', 'link.ld', ...target.toolchain.ldflags],
    libs: ['-lm'],
    ...(target.toolchain.linker === undefined ? {} : { linker: target.toolchain.linker }),
    ...(rpc === undefined ? {} : { modelId: rpc.modelId }),
  };
}

/** What a host-driven build adds: the RPC main, the server and UART sources, the identities. */
function rpcParts(req: LayoutRequest): { main: string; sources: string[]; defines: string[]; modelId: string } {
  const { board, model } = req;
  if (board.uart === undefined) fail(errors.toolchainFailed('host-driven firmware', `${board.name} has no UART wired for the RPC`));
  const main = firmwareRpcMain({
    model,
    header: readFileSync(join(req.artifactDir, `${model}.h`), 'utf8'),
    target: req.target.name,
    poolBytes: rpcPoolBytes(req.artifactDir),
    uart: board.uart,
  });
  const id = rpcModelId(req.artifactDir, model);
  const testFault = req.testFault === true;
  // The defines that change the image without changing the main make another firmware too.
  const defines = [req.profile ? 'ANVIL_PROFILE' : '', testFault ? 'ANVIL_RPC_TEST_FAULT' : ''].join(' ').trim();
  const firmwareId = crc32(new TextEncoder().encode(defines === '' ? main : `${main}\n${defines}`));
  return {
    main,
    sources: [
      'anvil_rpc_server.c',
      'anvil_rpc_cobs.c',
      'anvil_rpc_crc32.c',
      'anvil_rpc_board.c',
      // Overrides the board's weak fault handler: record and restart instead of exit.
      'anvil_rpc_fault.c',
      `anvil_uart_${board.uart.driver}.c`,
    ],
    defines: [
      `ANVIL_RPC_MODEL_ID=0x${id.toString(16)}u`,
      `ANVIL_RPC_FIRMWARE_ID=0x${firmwareId.toString(16)}u`,
      ...(testFault ? ['ANVIL_RPC_TEST_FAULT'] : []),
    ],
    modelId: rpcIdHex(id),
  };
}
