import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { Target } from '@anvil/core';
import type { Board } from './boards.js';
import { BOARDS_DIR, RPC_DIR, firmwareLayout } from './firmware-layout.js';
import type { FirmwareFileRef, FirmwareRoot } from './firmware-layout.js';
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
  /** The firmware main's C, instead of the generated one-model standalone main (e.g. `firmwareMultiMain`). */
  readonly main?: string;
  /**
   * Host-driven only, for tests: input 0 starting "FALT" makes `run` execute an undefined
   * instruction (ANVIL_RPC_TEST_FAULT), so the fault record and restart can be exercised.
   */
  readonly testFault?: boolean;
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

export { BOARDS_DIR, RPC_DIR } from './firmware-layout.js';

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
  const testFault = hostDriven && req.testFault === true;
  const buildDir = join(
    req.artifactDir,
    `build-${board.name}${req.profile ? '-profile' : ''}${hostDriven ? '-rpc' : ''}${testFault ? '-test-fault' : ''}${req.resetEachSet === true ? '-reset' : ''}`,
  );
  const objDir = join(buildDir, 'obj');
  mkdirSync(objDir, { recursive: true });
  const layout = firmwareLayout({
    artifactDir: req.artifactDir,
    model: req.model,
    sources: req.sources ?? modelSources(req.artifactDir).map((p) => relative(req.artifactDir, p)),
    target,
    board,
    numInputs: req.numInputs,
    numOutputs: req.numOutputs,
    profile: req.profile,
    hostDriven,
    testFault,
  });
  const at = (f: FirmwareFileRef): string => join(rootDir(req.artifactDir, f.root), f.path);
  const cflags = [
    ...layout.cflags,
    // Outside the layout: a test build's choice, not something a project carries.
    ...(req.resetEachSet === true ? ['-DANVIL_RESET_EACH_SET'] : []),
    ...layout.includes.map((f) => `-I${at(f)}`),
    ...layout.mainDefines.map((d) => `-D${d}`),
  ];
  const sources = layout.modelSources.map((s) => join(req.artifactDir, s));
  // Objects keep their basenames; generated names are unique per folder.
  must(`${layout.cc} (model for ${board.name})`, yield { command: layout.cc, args: [...cflags, '-c', ...sources], cwd: objDir });
  const modelObjects = sources.map((s) => join(objDir, basename(s).replace(/\.c$/, '.o')));
  const main = join(buildDir, 'firmware_main.c');
  // A caller's own main (several models: firmwareMultiMain) replaces the standalone one, never the RPC server's.
  writeFileSync(main, hostDriven || req.main === undefined ? layout.main : req.main);
  const boardSources = [main, ...layout.boardSources.map(at)];
  const elf = join(buildDir, `${req.model}.elf`);
  const link = layout.linker;
  const linkTail = [...layout.linkDirs.map((d) => `-L${at(d)}`), ...layout.linkFlags, `-Wl,-Map=${join(buildDir, 'firmware.map')}`];
  if (link === undefined) {
    must(
      `${layout.cc} (firmware for ${board.name})`,
      yield toolCommand(layout.cc, [...cflags, ...linkTail, ...boardSources, ...modelObjects, ...layout.libs, '-o', elf]),
    );
  } else {
    // The compiler cannot link for this target by itself (clang without the C library's link
    // setup): compile the board's sources like the model's, then link through the named driver.
    must(`${layout.cc} (board for ${board.name})`, yield { command: layout.cc, args: [...cflags, '-c', ...boardSources], cwd: buildDir });
    const boardObjects = boardSources.map((f) => join(buildDir, basename(f).replace(/\.c$/, '.o')));
    must(
      `${link.cc} (firmware for ${board.name})`,
      yield toolCommand(link.cc, [...link.flags, ...linkTail, ...boardObjects, ...modelObjects, ...layout.libs, '-o', elf]),
    );
  }
  // The float quantize/dequantize helpers (<model>_io.c) are the application's to call, not
  // the model's to run: the firmware main never calls them and the linker drops them.
  const { family } = board;
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
    ...(layout.modelId === undefined ? {} : { modelId: layout.modelId }),
  };
}

/** The folder a layout root stands for in this repository (the model: its compiled folder). */
function rootDir(artifactDir: string, root: FirmwareRoot): string {
  return root === 'model' ? artifactDir : root === 'boards' ? BOARDS_DIR : RPC_DIR;
}
