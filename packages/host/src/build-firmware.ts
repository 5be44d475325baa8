import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { Target } from '@anvil/core';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';
import type { Board } from './boards.js';
import { firmwareMain } from './firmware-main.js';
import { firmwareRpcMain, rpcIdHex, rpcModelId, rpcPoolBytes } from './firmware-rpc-main.js';
import { crc32 } from './rpc/crc32.js';
import { hasTool, run, runToolSteps, runToolStepsAsync, tail } from './tools.js';
import type { ToolResult, ToolSteps } from './tools.js';

export interface FirmwareRequest {
  readonly artifactDir: string;
  /** The artifact's C sources (folder-relative); absent: every `.c` under the folder. */
  readonly sources?: readonly string[];
  readonly model: string;
  readonly target: Target;
  readonly board: Board;
  readonly numInputs: number;
  readonly numOutputs: number;
  /** Build with ANVIL_PROFILE: every step is bracketed by tick marks. */
  readonly profile: boolean;
  /**
   * Restore the model's initial state (`anvil_<model>_reset`) before each input set, so every
   * set runs as a fresh model would; without it a stateful model carries its state from one
   * set to the next, as an application calling it repeatedly sees.
   */
  readonly resetEachSet?: boolean;
  /** Serve the serial RPC on the board's UART (firmware-rpc-main.ts) instead of semihosting files. */
  readonly hostDriven?: boolean;
}

export interface Firmware {
  readonly elf: string;
  readonly buildDir: string;
  /** Address of the mark sled (Thumb bit cleared), for the counting plugin. */
  readonly sled: number;
  /** Section sizes of the model's own objects, from `size` (Berkeley: text includes rodata). */
  readonly modelText: number;
  readonly modelData: number;
  readonly modelBss: number;
  /** Section sizes of the linked image by name (.text, .rodata, .data, .bss, .stack). */
  readonly sections: Readonly<Record<string, number>>;
  /** QEMU's `-cpu` for the target the image was built for, when not the board's default. */
  readonly cpu?: string;
  /** Host-driven firmware: the model identity its `hello` reports (16 hex digits). */
  readonly modelId?: string;
}

export const BOARDS_DIR = join(RUNTIME_C_DIR, 'boards');

function modelSources(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) return f.startsWith('build-') ? [] : modelSources(p);
      return f.endsWith('.c') ? [p] : [];
    });
}

const toolCommand = (command: string, args: readonly string[]) => ({ command, args });

function must(step: string, r: ToolResult): string {
  if (r.error !== undefined || r.status !== 0)
    fail(errors.toolchainFailed(step, tail(r.error === undefined ? `${r.stderr}\n${r.stdout}` : String(r.error))));
  return r.stdout;
}

/** Berkeley totals (text, data, bss) of some objects. */
function sizeTotals(size: string, objects: readonly string[]): [number, number, number] {
  const out = must(size, run(size, ['-B', '-t', ...objects]));
  const total = out.trim().split('\n').pop() ?? '';
  const [text, data, bss] = total.trim().split(/\s+/).map(Number);
  return [text ?? 0, data ?? 0, bss ?? 0];
}

function sectionSizes(size: string, elf: string): Record<string, number> {
  const out = must(size, run(size, ['-A', elf]));
  const sizes: Record<string, number> = {};
  for (const line of out.split('\n')) {
    const m = /^(\.\S+)\s+(\d+)\s+\d+/.exec(line.trim());
    if (m !== null) sizes[m[1] as string] = Number(m[2]);
  }
  return sizes;
}

function symbolAddress(nm: string, elf: string, symbol: string): number {
  const out = must(nm, run(nm, [elf]));
  const line = out.split('\n').find((l) => l.trim().endsWith(` ${symbol}`));
  if (line === undefined) fail(errors.toolchainFailed(nm, `${symbol} not found in ${elf}`));
  // Unsigned: RISC-V images sit at 0x80000000, where a signed 32-bit mask would turn negative.
  return (parseInt(line.trim().split(/\s+/)[0] as string, 16) & ~1) >>> 0;
}

/**
 * Builds the model folder into a standalone ELF for a board: the model objects are compiled
 * with the target's flags (so their sizes can be reported on their own), then linked with the
 * board's startup, semihosting calls and the generated firmware main, without newlib's crt0.
 */
export function buildFirmware(req: FirmwareRequest): Firmware {
  return runToolSteps(firmwareSteps(req));
}

/** `buildFirmware` with the compiler and linker running in the background. */
export function buildFirmwareAsync(req: FirmwareRequest): Promise<Firmware> {
  return runToolStepsAsync(firmwareSteps(req));
}

function* firmwareSteps(request: FirmwareRequest): ToolSteps<Firmware> {
  // Absolute: the compiler runs in the object folder, where a relative folder means nothing.
  const req = { ...request, artifactDir: resolve(request.artifactDir) };
  const { target, board } = req;
  if (!hasTool(target.toolchain.cc)) fail(errors.toolchainMissing(target.toolchain.cc, target.toolchain.packages));
  const hostDriven = req.hostDriven === true;
  const buildDir = join(
    req.artifactDir,
    `build-${board.name}${req.profile ? '-profile' : ''}${hostDriven ? '-rpc' : ''}${req.resetEachSet === true ? '-reset' : ''}`,
  );
  const objDir = join(buildDir, 'obj');
  mkdirSync(objDir, { recursive: true });
  const { family } = board;
  // Headers (anvil_board.h, anvil_semihost.h) are every family's; linker sections are per family.
  const headers = join(BOARDS_DIR, 'common');
  const common = join(BOARDS_DIR, family.common);
  const cflags = [
    ...target.toolchain.cflags,
    ...(req.profile ? ['-DANVIL_PROFILE'] : []),
    ...(req.resetEachSet === true ? ['-DANVIL_RESET_EACH_SET'] : []),
    `-I${req.artifactDir}`,
    `-I${join(req.artifactDir, 'runtime', 'include')}`,
    `-I${headers}`,
  ];
  const rpc = hostDriven ? rpcBuild(req) : undefined;
  if (rpc !== undefined) cflags.push(...rpc.cflags);
  const sources = req.sources?.map((s) => join(req.artifactDir, s)) ?? modelSources(req.artifactDir);
  // Objects keep their basenames; generated names are unique per folder.
  must(
    `${target.toolchain.cc} (model for ${board.name})`,
    yield { command: target.toolchain.cc, args: [...cflags, '-c', ...sources], cwd: objDir },
  );
  const modelObjects = sources.map((s) => join(objDir, basename(s).replace(/\.c$/, '.o')));
  const main = join(buildDir, 'firmware_main.c');
  writeFileSync(main, rpc?.main ?? firmwareMain(req.model, req.numInputs, req.numOutputs));
  const boardSources = [main, ...family.startup.map((f) => join(BOARDS_DIR, f)), ...(rpc?.sources ?? [])];
  const elf = join(buildDir, `${req.model}.elf`);
  const link = target.toolchain.linker;
  const linkTail = [
    '-nostartfiles',
    ...family.linkFlags,
    `-L${join(BOARDS_DIR, board.dir)}`,
    `-L${common}`,
    '-T',
    'link.ld',
    ...target.toolchain.ldflags,
    `-Wl,-Map=${join(buildDir, 'firmware.map')}`,
  ];
  if (link === undefined) {
    must(
      `${target.toolchain.cc} (firmware for ${board.name})`,
      // After the objects: float QUANTIZE rounds with roundf, which the C library keeps in libm.
      yield toolCommand(target.toolchain.cc, [...cflags, ...linkTail, ...boardSources, ...modelObjects, '-lm', '-o', elf]),
    );
  } else {
    // The compiler cannot link for this target by itself (clang without the C library's link
    // setup): compile the board's sources like the model's, then link through the named driver.
    must(
      `${target.toolchain.cc} (board for ${board.name})`,
      yield { command: target.toolchain.cc, args: [...cflags, '-c', ...boardSources], cwd: buildDir },
    );
    const boardObjects = boardSources.map((f) => join(buildDir, basename(f).replace(/\.c$/, '.o')));
    must(
      `${link.cc} (firmware for ${board.name})`,
      yield toolCommand(link.cc, [...link.flags, ...linkTail, ...boardObjects, ...modelObjects, '-lm', '-o', elf]),
    );
  }
  // The float quantize/dequantize helpers (<model>_io.c) are the application's to call, not
  // the model's to run: the firmware main never calls them and the linker drops them.
  const size = `${family.binutils}size`;
  const [modelText, modelData, modelBss] = sizeTotals(
    size,
    modelObjects.filter((o) => basename(o) !== `${req.model}_io.o`),
  );
  const sled = symbolAddress(`${family.binutils}nm`, elf, 'anvil_mark_sled');
  const cpu = board.cpus?.[target.name];
  return {
    elf,
    buildDir,
    sled,
    modelText,
    modelData,
    modelBss,
    sections: sectionSizes(size, elf),
    ...(cpu === undefined ? {} : { cpu }),
    ...(rpc === undefined ? {} : { modelId: rpc.modelId }),
  };
}

export const RPC_DIR = join(RUNTIME_C_DIR, 'rpc');

/** What a host-driven build adds: the RPC main, the server and UART sources, the identities. */
function rpcBuild(req: FirmwareRequest): { main: string; sources: string[]; cflags: string[]; modelId: string } {
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
  const firmwareId = crc32(new TextEncoder().encode(main));
  const sources = ['anvil_rpc_server.c', 'anvil_rpc_cobs.c', 'anvil_rpc_crc32.c', 'anvil_rpc_board.c', `anvil_uart_${board.uart.driver}.c`];
  return {
    main,
    sources: sources.map((f) => join(RPC_DIR, f)),
    cflags: [`-I${RPC_DIR}`, `-DANVIL_RPC_MODEL_ID=0x${id.toString(16)}u`, `-DANVIL_RPC_FIRMWARE_ID=0x${firmwareId.toString(16)}u`],
    modelId: rpcIdHex(id),
  };
}
