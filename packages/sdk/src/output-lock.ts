import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errors, fail } from '@anvil/core';
import { writeFileAtomic } from './atomic-write.js';
import { LOCK_FILE } from './output-manifest.js';
import { guardFs, outputFsError } from './output-paths.js';

/** A folder's lock, held until `release()`. */
export interface OutputLock {
  /** The folder, as given to `lockOutputFolder`. */
  readonly dir: string;
  release(): void;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

function readHolder(path: string): { raw: string; holder: Holder | undefined } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    outputFsError(path, e);
  }
  try {
    const h = JSON.parse(raw) as Partial<Holder>;
    const ok = typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string';
    return { raw, holder: ok ? (h as Holder) : undefined };
  } catch {
    return { raw, holder: undefined };
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Takes the folder's lock, so two anvils writing one folder at once (two compiles, two runs
 * sharing a `--build-dir`) do not interleave their files: the second gets `CLI_OUTPUT_LOCKED`.
 * The lock is a file created only if absent (no waiting, no polling), holding the writer's pid
 * and host. A lock left by a process that died (Ctrl-C, a crash) on this host is reclaimed; one
 * from another host, or that cannot be read, is respected, and the error says how to clear it.
 * The folder is created if missing; check the path first (`checkOutputFolder`).
 */
export function lockOutputFolder(dir: string): OutputLock {
  guardFs(dir, () => mkdirSync(dir, { recursive: true }));
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), token: randomUUID() };
  const content = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    let created: boolean;
    try {
      created = writeFileAtomic(path, content, false);
    } catch (e) {
      outputFsError(dir, e);
    }
    if (created) return { dir, release: () => release(path, content) };
    const found = readHolder(path);
    if (found === undefined) continue; // released between our two looks
    const { holder } = found;
    const stale = holder !== undefined && holder.host === me.host && !alive(holder.pid);
    if (!stale) fail(errors.cliOutputLocked(dir, holder === undefined ? 'unreadable lock' : `pid ${holder.pid} on ${holder.host}`, path));
    // Remove the stale lock only if it is still the one we read, not one taken meanwhile.
    if (readHolder(path)?.raw === found.raw) rmSync(path, { force: true });
  }
  fail(errors.cliOutputLocked(dir, 'another anvil took it first', path));
}

function release(path: string, content: string): void {
  // Called from `finally`: a failure here must not hide the error that ended the write.
  try {
    if (readHolder(path)?.raw === content) rmSync(path, { force: true });
  } catch {
    // The folder became unreadable meanwhile; the lock, left behind, is reclaimed as stale.
  }
}
