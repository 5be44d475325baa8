import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { errors, fail } from '@anvil/core';
import { isAtomicTempOf } from './atomic-write.js';
import { isOwnOutput } from './output-ledger.js';
import { LOCK_FILE, MANIFEST_FILE, isOwnablePath, sha256 } from './output-manifest.js';
import type { ManifestEntry, ManifestState } from './output-manifest.js';

/**
 * Whether a path may be written, for every writer of Anvil (compile and run folders, output
 * files, the plan page, plugin scaffolds). The rules:
 *
 * - an output folder is a folder or nothing yet, below the working directory's level: never
 *   the working directory or one of its ancestors (generated names like `Makefile` and
 *   `report.json` would land among a project's own), nor a path through a file;
 * - an output file is a regular file or nothing yet, in a folder that exists; an existing
 *   one is replaced only with `--force`; a device, pipe or folder never;
 * - in a folder, Anvil replaces or removes only the files its manifest lists whose content is
 *   unchanged since it wrote them; a listed file the user changed is replaced only with
 *   `--force` and never removed; any other file at a generated path is replaced only with
 *   `--force`; any other file anywhere is left alone; the folder itself is never removed;
 * - every refusal is a typed error with a hint, before anything is written; a failure of the
 *   file system while writing (read-only, full) is typed too.
 */

const READ_ONLY = new Set(['EACCES', 'EPERM', 'EROFS']);
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);
const BAD_PATH = new Set(['ENOTDIR', 'EISDIR', 'ENOENT', 'ENAMETOOLONG', 'ELOOP', 'EINVAL', 'EEXIST']);

/** Turns a file-system failure on an output path into a typed error: it is the user's environment, not a bug. */
export function outputFsError(path: string, e: unknown): never {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (READ_ONLY.has(code)) fail(errors.cliOutputUnwritable(path, `permission denied or read-only (${code})`), e);
  if (NO_SPACE.has(code)) fail(errors.cliOutputUnwritable(path, `no space left (${code})`), e);
  if (BAD_PATH.has(code))
    fail(errors.cliOutputInvalid(path, `the path cannot be written (${code})`, 'check that every folder on the path is a folder'), e);
  fail(errors.cliOutputUnwritable(path, code === '' ? String(e) : code), e);
}

/** Runs a file-system call on an output path with its failures typed. */
export function guardFs<T>(path: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) outputFsError(path, e);
    throw e;
  }
}

/** `stat` (following links, or not), or undefined where nothing is (or a file is on the way). */
function tryStat(path: string, follow = true): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    outputFsError(path, e);
  }
}

/** The path itself or its nearest ancestor that exists. */
function nearestExisting(abs: string): { path: string; stats: Stats } {
  for (let p = abs; ; p = dirname(p)) {
    const stats = tryStat(p);
    if (stats !== undefined) return { path: p, stats };
    if (dirname(p) === p) fail(errors.cliOutputInvalid(abs, 'no folder on the path exists', 'check the path'));
  }
}

/** `child` is strictly below `parent` (both absolute). */
export function isInside(parent: string, child: string): boolean {
  const r = relative(parent, child);
  return r !== '' && r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r);
}

function realCwd(): string | undefined {
  try {
    return realpathSync(process.cwd());
  } catch {
    return undefined; // the working directory was removed: nothing left to protect
  }
}

/**
 * Checks that `dir` may be an output folder (see the rules above) and returns it absolute.
 * Nothing is created: the folder's content is judged when writing, under its lock.
 */
export function checkOutputFolder(dir: string): string {
  const folderHint = 'name a folder of its own, e.g. build/model';
  if (dir.trim() === '') fail(errors.cliOutputInvalid(dir, 'the path is empty', folderHint));
  const abs = resolve(dir);
  const near = nearestExisting(abs);
  if (!near.stats.isDirectory()) {
    const what = near.stats.isFile() ? 'a file' : 'not a folder';
    fail(errors.cliOutputInvalid(dir, near.path === abs ? `it is ${what}` : `${near.path} is ${what}`, folderHint));
  }
  const real = resolve(realpathSync(near.path), relative(near.path, abs));
  const cwd = realCwd();
  if (cwd !== undefined && (real === cwd || isInside(real, cwd)))
    fail(
      errors.cliOutputInvalid(
        dir,
        real === cwd ? 'it is the working directory' : 'it contains the working directory',
        'Anvil writes into a folder of its own, never into the folder you are in or one above it: name a new folder, e.g. ./anvil-out',
      ),
    );
  return abs;
}

/**
 * Checks that a single file may be written at `path` (see the rules above) and returns it
 * absolute. Its folder must exist: a typo in a folder name is reported, not created.
 */
export function checkOutputFile(path: string, force: boolean): string {
  const fileHint = 'name a file, e.g. out/page.html';
  if (path.trim() === '') fail(errors.cliOutputInvalid(path, 'the path is empty', fileHint));
  if (path.endsWith('/') || path.endsWith(sep)) fail(errors.cliOutputInvalid(path, 'it names a folder, not a file', fileHint));
  const abs = resolve(path);
  const link = tryStat(abs, false);
  if (link !== undefined) {
    const target = tryStat(abs);
    if (target?.isDirectory() === true) fail(errors.cliOutputInvalid(path, 'it is a folder', fileHint));
    if (target !== undefined && !target.isFile())
      fail(errors.cliOutputInvalid(path, 'it is a device, pipe or socket, not a regular file', fileHint));
    // Anvil's own earlier output (unchanged since) is replaced without asking; anything else needs --force.
    if (!force && !isOwnOutput(abs)) fail(errors.cliOutputExists(path));
    return abs;
  }
  const near = nearestExisting(dirname(abs));
  if (!near.stats.isDirectory()) fail(errors.cliOutputInvalid(path, `${near.path} is not a folder`, fileHint));
  if (near.path !== dirname(abs))
    fail(errors.cliOutputInvalid(path, `folder ${dirname(abs)} does not exist`, 'create the folder first, or check the path for a typo'));
  return abs;
}

/** A generated file as the folder writer will handle it. */
export interface PlannedFile {
  readonly path: string;
  readonly abs: string;
  readonly content: string | Uint8Array;
  readonly sha256: string;
  /** False when the file on disk already has exactly this content (its time stamp is kept). */
  readonly write: boolean;
}

/** What writing a folder will do; computed, and every refusal made, before anything is written. */
export interface FolderWritePlan {
  readonly files: readonly PlannedFile[];
  /** Anvil's files that are no longer generated and still as Anvil wrote them (absolute). */
  readonly remove: readonly string[];
  /** The manifest's entries before this write: listed too while writing (see `manifestText`). */
  readonly previous: readonly ManifestEntry[];
}

/** Whether the folder holds anything besides the lock its writer holds. */
/**
 * Whether the folder holds anything but the lock. Another anvil trying for the lock at this
 * moment has its lock's temporary file here for an instant (`writeFileAtomic`); it is not a
 * user's file and must not make the folder count as theirs.
 */
function hasEntries(root: string): boolean {
  return guardFs(root, () => readdirSync(root)).some((name) => name !== LOCK_FILE && !isAtomicTempOf(name, LOCK_FILE));
}

function hashOf(abs: string): string {
  return sha256(guardFs(abs, () => readFileSync(abs)));
}

/**
 * Decides, for a folder that exists and whose lock is held, which generated files to write and
 * which of Anvil's old files to remove, or refuses. With `manifest` `none` the folder must be
 * empty unless `force`; `force` overwrites files at generated paths but never makes Anvil
 * remove a file it did not write.
 */
export function planFolderWrite(
  root: string,
  files: readonly { readonly path: string; readonly content: string | Uint8Array }[],
  manifest: ManifestState,
  force: boolean,
): FolderWritePlan {
  const seen = new Set<string>();
  for (const f of files) {
    if (!isOwnablePath(f.path) || seen.has(f.path))
      fail(errors.internal(`generated file path "${f.path}" is not a fresh path inside the folder`));
    seen.add(f.path);
  }
  if (manifest.state === 'damaged' && !force)
    fail(
      errors.cliOutputInvalid(
        join(root, MANIFEST_FILE),
        `it is damaged (${manifest.reason})`,
        'pass --force to write the folder anyway (Anvil then removes none of the files there), or delete the manifest',
      ),
    );
  const previous = manifest.state === 'ok' ? manifest.entries : [];
  if (previous.length === 0 && !force && hasEntries(root)) fail(errors.cliOutputExists(root));
  const owned = new Map<string, Set<string>>();
  for (const e of previous) owned.set(e.path, (owned.get(e.path) ?? new Set<string>()).add(e.sha256));

  const planned: PlannedFile[] = [];
  const modified: string[] = [];
  const foreign: string[] = [];
  for (const f of files) {
    const abs = join(root, f.path);
    const segments = f.path.split('/');
    for (let k = 1; k < segments.length; k++) {
      const folder = join(root, ...segments.slice(0, k));
      const s = tryStat(folder);
      if (s !== undefined && !s.isDirectory())
        fail(
          errors.cliOutputInvalid(
            folder,
            `Anvil writes ${f.path} there, so it must be a folder`,
            'move that file away, or write to another folder',
          ),
        );
    }
    const hash = sha256(f.content);
    const link = tryStat(abs, false);
    let write = true;
    if (link !== undefined) {
      if (tryStat(abs)?.isDirectory() === true)
        fail(
          errors.cliOutputInvalid(
            abs,
            `Anvil writes a file there, but it is a folder`,
            'move that folder away, or write to another folder',
          ),
        );
      const onDisk = link.isFile() ? hashOf(abs) : undefined;
      if (onDisk === hash) write = false;
      else if (onDisk !== undefined && owned.get(f.path)?.has(onDisk) === true) write = true;
      else if (owned.has(f.path)) modified.push(f.path);
      else foreign.push(abs);
    }
    planned.push({ path: f.path, abs, content: f.content, sha256: hash, write });
  }
  if (!force && modified.length > 0) fail(errors.cliOutputModified(root, modified));
  if (!force && foreign.length > 0) fail(errors.cliOutputExists(foreign[0] as string));

  const realRoot = guardFs(root, () => realpathSync(root));
  const remove: string[] = [];
  for (const [path, hashes] of owned) {
    if (seen.has(path)) continue;
    const abs = join(root, path);
    const link = tryStat(abs, false);
    if (link === undefined || !link.isFile() || !hashes.has(hashOf(abs))) continue; // gone, or the user's now
    // A folder on the way replaced by a link must not lead a removal outside the folder.
    const realParent = guardFs(abs, () => realpathSync(dirname(abs)));
    if (realParent === realRoot || isInside(realRoot, realParent)) remove.push(abs);
  }
  return { files: planned, remove, previous };
}
