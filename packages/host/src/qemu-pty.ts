import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { Board } from './boards.js';
import { qemuArgs, readMarks } from './qemu-args.js';
import type { Mark } from './qemu-args.js';
import { tail } from './tools.js';

export interface QemuPtyLaunch {
  readonly board: Board;
  readonly elf: string;
  /** Working directory (semihosting paths, and where the marks file goes). */
  readonly cwd: string;
  /** The mark sled to count at; without it no plugin is loaded. */
  readonly sled?: { readonly address: number; readonly entries: number };
  readonly cpu?: string;
  /** How long to wait for QEMU to name its pseudo-terminal. */
  readonly startTimeoutMs?: number;
}

export interface QemuExit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

export interface QemuPty {
  /** The pseudo-terminal the board's first UART is on (`/dev/pts/N`). */
  readonly path: string;
  /** The plugin's marks logged so far (it flushes every line, so this is live). */
  marks(): Mark[];
  /** Settles when QEMU ends, whoever ended it. */
  readonly exited: Promise<QemuExit>;
  /** Ends QEMU (SIGTERM, then SIGKILL after a grace period) unless it has ended already. */
  stop(graceMs?: number): Promise<QemuExit>;
}

const PTY_LINE = /char device redirected to (\/dev\/pts\/\d+)/;

export { readMarks } from './qemu-args.js';

/**
 * Starts a board's QEMU with its first UART on a pseudo-terminal (`-serial pty`), semihosting
 * on (the firmware's clock, and its exit status) and, with a sled, the counting plugin; waits
 * for QEMU to name the pty on stderr. -no-reboot turns the guest's reset request into QEMU's
 * exit, which is how a host-driven session ends (`reset` mode 1).
 */
export function startQemuPty(l: QemuPtyLaunch): Promise<QemuPty> {
  const marksFile = join(l.cwd, 'marks-rpc.txt');
  const args = qemuArgs({
    board: l.board,
    elf: l.elf,
    ...(l.cpu === undefined ? {} : { cpu: l.cpu }),
    serial: 'pty',
    args: ['firmware'],
    ...(l.sled === undefined ? {} : { sled: { ...l.sled, marksFile } }),
    extra: ['-no-reboot'],
  });
  const child = spawn(l.board.family.qemu, args, { cwd: l.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<QemuExit>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal, stderr }));
    child.on('error', (e) => resolve({ status: null, signal: null, stderr: `${stderr}\n${String(e)}` }));
  });
  const path = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('QEMU named no pseudo-terminal in time')), l.startTimeoutMs ?? 10_000);
    // QEMU names the pty on stdout or stderr depending on its console setup; semihosting
    // console text goes to stdout. Both are kept together for error messages.
    const take = (b: Buffer): void => {
      stderr += b.toString();
      const m = PTY_LINE.exec(stderr);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error('QEMU ended before naming its pseudo-terminal'));
    });
  });
  const stop = async (graceMs = 2000): Promise<QemuExit> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const r = await exited;
      clearTimeout(killer);
      return r;
    }
    return exited;
  };
  return path.then(
    (p) => ({ path: p, marks: () => readMarks(marksFile), exited, stop }),
    async (e: unknown) => {
      await stop(500);
      return fail(errors.toolchainFailed(`${l.board.family.qemu} -serial pty (${l.board.name})`, `${String(e)}: ${tail(stderr)}`));
    },
  );
}
