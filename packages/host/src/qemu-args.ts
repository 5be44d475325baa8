import { existsSync, readFileSync } from 'node:fs';
import type { Board } from './boards.js';
import { insnPluginPath } from './insn-plugin.js';

export interface Mark {
  readonly id: number;
  /** Guest instructions executed since reset when the mark ran. */
  readonly count: number;
}

export interface QemuArgsRequest {
  readonly board: Board;
  readonly elf: string;
  /** QEMU's `-cpu`, when the board's default CPU is not the target's. */
  readonly cpu?: string;
  /** Where the board's first UART goes (`null`, `pty`). */
  readonly serial: string;
  /** Semihosting command line words (argv[0] first). */
  readonly args: readonly string[];
  /** The mark sled to count at, and the file the counting plugin writes; none: no plugin. */
  readonly sled?: { readonly address: number; readonly entries: number; readonly marksFile: string };
  /** Options after the common ones (e.g. `-no-reboot`). */
  readonly extra?: readonly string[];
}

/**
 * The QEMU command line every launch shares: machine and CPU, the family's options, no display
 * or monitor, semihosting (console, files, exit status) and, with a sled, the counting plugin.
 */
export function qemuArgs(q: QemuArgsRequest): string[] {
  const plugin =
    q.sled === undefined
      ? []
      : [
          '-plugin',
          `${insnPluginPath()},sled=0x${q.sled.address.toString(16)},n=${q.sled.entries},out=${q.sled.marksFile},stride=${q.board.family.sledStride}`,
        ];
  return [
    '-M',
    q.board.machine,
    ...(q.cpu === undefined ? [] : ['-cpu', q.cpu]),
    ...q.board.family.qemuArgs,
    '-nographic',
    '-monitor',
    'none',
    '-serial',
    q.serial,
    ...(q.extra ?? []),
    '-semihosting-config',
    ['enable=on', 'target=native', ...q.args.map((a) => `arg=${a}`)].join(','),
    ...plugin,
    '-kernel',
    q.elf,
  ];
}

/** Reads `MARK id count` lines from the counting plugin's output file. */
export function readMarks(file: string): Mark[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => /^MARK (\d+) (\d+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: Number(m[1]), count: Number(m[2]) }));
}
