import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { Target } from '@anvil/core';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';
import type { Board } from './boards.js';
import { firmwareMain } from './firmware-main.js';
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
function sizeTotals(objects: readonly string[]): [number, number, number] {
  const out = must('arm-none-eabi-size', run('arm-none-eabi-size', ['-B', '-t', ...objects]));
  const total = out.trim().split('\n').pop() ?? '';
  const [text, data, bss] = total.trim().split(/\s+/).map(Number);
  return [text ?? 0, data ?? 0, bss ?? 0];
}

function sectionSizes(elf: string): Record<string, number> {
  const out = must('arm-none-eabi-size', run('arm-none-eabi-size', ['-A', elf]));
  const sizes: Record<string, number> = {};
  for (const line of out.split('\n')) {
    const m = /^(\.\S+)\s+(\d+)\s+\d+/.exec(line.trim());
    if (m !== null) sizes[m[1] as string] = Number(m[2]);
  }
  return sizes;
}

function symbolAddress(elf: string, symbol: string): number {
  const out = must('arm-none-eabi-nm', run('arm-none-eabi-nm', [elf]));
  const line = out.split('\n').find((l) => l.trim().endsWith(` ${symbol}`));
  if (line === undefined) fail(errors.toolchainFailed('arm-none-eabi-nm', `${symbol} not found in ${elf}`));
  return parseInt(line.trim().split(/\s+/)[0] as string, 16) & ~1;
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
  const buildDir = join(req.artifactDir, `build-${board.name}${req.profile ? '-profile' : ''}`);
  const objDir = join(buildDir, 'obj');
  mkdirSync(objDir, { recursive: true });
  const common = join(BOARDS_DIR, 'common');
  const cflags = [
    ...target.toolchain.cflags,
    ...(req.profile ? ['-DANVIL_PROFILE'] : []),
    `-I${req.artifactDir}`,
    `-I${join(req.artifactDir, 'runtime', 'include')}`,
    `-I${common}`,
  ];
  const sources = req.sources?.map((s) => join(req.artifactDir, s)) ?? modelSources(req.artifactDir);
  // Objects keep their basenames; generated names are unique per folder.
  must(
    `${target.toolchain.cc} (model for ${board.name})`,
    yield { command: target.toolchain.cc, args: [...cflags, '-c', ...sources], cwd: objDir },
  );
  const modelObjects = sources.map((s) => join(objDir, basename(s).replace(/\.c$/, '.o')));
  const main = join(buildDir, 'firmware_main.c');
  writeFileSync(main, firmwareMain(req.model, req.numInputs, req.numOutputs));
  const boardSources = [main, join(common, 'anvil_board.c'), join(common, 'anvil_semihost.c')];
  const elf = join(buildDir, `${req.model}.elf`);
  must(
    `${target.toolchain.cc} (firmware for ${board.name})`,
    yield toolCommand(target.toolchain.cc, [
      ...cflags,
      '-nostartfiles',
      '--specs=nano.specs',
      '--specs=nosys.specs',
      `-L${join(BOARDS_DIR, board.dir)}`,
      `-L${common}`,
      '-T',
      'link.ld',
      ...target.toolchain.ldflags,
      `-Wl,-Map=${join(buildDir, 'firmware.map')}`,
      ...boardSources,
      ...modelObjects,
      // After the objects: float QUANTIZE rounds with roundf, which newlib keeps in libm.
      '-lm',
      '-o',
      elf,
    ]),
  );
  // The float quantize/dequantize helpers (<model>_io.c) are the application's to call, not
  // the model's to run: the firmware main never calls them and the linker drops them.
  const [modelText, modelData, modelBss] = sizeTotals(modelObjects.filter((o) => basename(o) !== `${req.model}_io.o`));
  return { elf, buildDir, sled: symbolAddress(elf, 'anvil_mark_sled'), modelText, modelData, modelBss, sections: sectionSizes(elf) };
}
