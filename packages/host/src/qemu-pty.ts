import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
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
  /** Where the board's first UART is: a pseudo-terminal (`/dev/pts/N`), or `tcp:127.0.0.1:PORT`. */
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

/** A started QEMU: its console text so far, how it ended, and a way to end it. */
interface QemuChild {
  readonly exited: Promise<QemuExit>;
  stop(graceMs?: number): Promise<QemuExit>;
  /** Called with the console text so far each time more arrives. */
  onText(watch: (text: string) => void): void;
  text(): string;
}

/**
 * Starts a board's QEMU with its first UART on `serial`, semihosting on (the firmware's clock,
 * and its exit status) and, with a sled, the counting plugin. -no-reboot turns the guest's
 * reset request into QEMU's exit, which is how a host-driven session ends (`reset` mode 1).
 */
function spawnQemu(l: QemuPtyLaunch, serial: string, marksFile: string): QemuChild {
  const args = qemuArgs({
    board: l.board,
    elf: l.elf,
    ...(l.cpu === undefined ? {} : { cpu: l.cpu }),
    serial,
    args: ['firmware'],
    ...(l.sled === undefined ? {} : { sled: { ...l.sled, marksFile } }),
    extra: ['-no-reboot'],
  });
  const child = spawn(l.board.family.qemu, args, { cwd: l.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const watchers: ((text: string) => void)[] = [];
  const exited = new Promise<QemuExit>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal, stderr: text }));
    child.on('error', (e) => resolve({ status: null, signal: null, stderr: `${text}\n${String(e)}` }));
  });
  // QEMU names a pty on stdout or stderr depending on its console setup; semihosting console
  // text goes to stdout. Both are kept together for error messages.
  const take = (b: Buffer): void => {
    text += b.toString();
    for (const w of watchers) w(text);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
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
  return { exited, stop, onText: (w) => watchers.push(w), text: () => text };
}

/** Ends QEMU and turns a failed start into a typed toolchain error. */
async function failedStart(l: QemuPtyLaunch, serial: string, q: QemuChild, e: unknown): Promise<never> {
  await q.stop(500);
  return fail(errors.toolchainFailed(`${l.board.family.qemu} -serial ${serial} (${l.board.name})`, `${String(e)}: ${tail(q.text())}`));
}

/** Starts the board with its first UART on a pseudo-terminal and waits for QEMU to name it. */
export function startQemuPty(l: QemuPtyLaunch): Promise<QemuPty> {
  const marksFile = join(l.cwd, 'marks-rpc.txt');
  const q = spawnQemu(l, 'pty', marksFile);
  const path = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('QEMU named no pseudo-terminal in time')), l.startTimeoutMs ?? 10_000);
    q.onText((text) => {
      const m = PTY_LINE.exec(text);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    void q.exited.then(() => {
      clearTimeout(timer);
      reject(new Error('QEMU ended before naming its pseudo-terminal'));
    });
  });
  return path.then(
    (p) => ({ path: p, marks: () => readMarks(marksFile), exited: q.exited, stop: q.stop }),
    (e: unknown) => failedStart(l, 'pty', q, e),
  );
}

/** Tries before giving up on finding a free port QEMU can listen on. */
const TCP_PORT_TRIES = 5;

/**
 * Starts the board with its first UART on a local TCP server (`-serial tcp:127.0.0.1:PORT,
 * server=on,wait=on`: the guest starts only once the host has connected, so no early byte is
 * lost and QEMU's one-second pty poll is not waited for). `path` is `tcp:127.0.0.1:PORT`, the
 * address `--port` and `openLine` take. The port is one the OS just handed out; if QEMU finds
 * it taken in between, another is tried.
 */
export async function startQemuTcp(l: QemuPtyLaunch): Promise<QemuPty> {
  const marksFile = join(l.cwd, 'marks-rpc.txt');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const serial = `tcp:127.0.0.1:${port},server=on,wait=on,nodelay=on`;
    const q = spawnQemu(l, serial, marksFile);
    const listening = await waitForListener(port, q, l.startTimeoutMs ?? 10_000);
    if (listening === 'listening')
      return { path: `tcp:127.0.0.1:${port}`, marks: () => readMarks(marksFile), exited: q.exited, stop: q.stop };
    if (listening !== 'port-taken' || attempt === TCP_PORT_TRIES) return failedStart(l, serial, q, new Error(listening));
    await q.stop(500);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Waits until QEMU's server accepts connections: QEMU prints a line when it waits with
 * wait=on. The probe is the line itself, not a connection, since the first connection is the
 * one QEMU keeps as the UART.
 */
function waitForListener(port: number, q: QemuChild, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('QEMU did not start listening in time'), timeoutMs);
    const done = (why: string): void => {
      clearTimeout(timer);
      resolve(why);
    };
    q.onText((text) => {
      if (text.includes(`:${port},server=on`) && /waiting for connection/i.test(text)) done('listening');
      else if (/Address already in use/i.test(text)) done('port-taken');
    });
    void q.exited.then((e) => done(`QEMU ended before listening (status ${String(e.status)})`));
  });
}
