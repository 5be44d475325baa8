import { join } from 'node:path';
import type { Board } from './boards.js';
import { qemuArgs, readMarks } from './qemu-args.js';
import type { Mark } from './qemu-args.js';
import { runToolSteps } from './tools.js';
import type { ToolSteps } from './tools.js';

export type { Mark } from './qemu-args.js';

export interface QemuResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly marks: readonly Mark[];
  readonly timedOut: boolean;
}

export interface QemuLaunch {
  readonly board: Board;
  readonly elf: string;
  /** Working directory: semihosting file names are relative to it. */
  readonly cwd: string;
  /** Semihosting command line words (argv[0] first). */
  readonly args: readonly string[];
  /** The mark sled to count at; without it no plugin is loaded. */
  readonly sled?: { readonly address: number; readonly entries: number };
  /** QEMU's `-cpu`, when the board's default CPU is not the target's. */
  readonly cpu?: string;
  readonly timeoutMs?: number;
}

/**
 * Runs an ELF on a QEMU board with semihosting (console, files, exit status) and, when a sled
 * is given, the instruction-counting plugin. QEMU is not cycle-accurate: the counts are
 * executed instructions, exact and the same on every run.
 */
export function launchQemu(l: QemuLaunch): QemuResult {
  return runToolSteps(qemuSteps(l));
}

/** `launchQemu` as a tool step, for a driver that may run it in the background. */
export function* qemuSteps(l: QemuLaunch): ToolSteps<QemuResult> {
  const marksFile = join(l.cwd, 'marks.txt');
  const args = qemuArgs({
    board: l.board,
    elf: l.elf,
    ...(l.cpu === undefined ? {} : { cpu: l.cpu }),
    serial: 'null',
    args: l.args,
    ...(l.sled === undefined ? {} : { sled: { ...l.sled, marksFile } }),
  });
  const r = yield { command: l.board.family.qemu, args, cwd: l.cwd, timeoutMs: l.timeoutMs ?? 300_000 };
  const timedOut = r.signal === 'SIGKILL';
  const marks = l.sled === undefined ? [] : readMarks(marksFile);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, marks, timedOut };
}
