import { mkdirSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { errors, fail } from '@anvil/core';
import { writeFileAtomic } from './atomic-write.js';
import { lockOutputFolder } from './output-lock.js';
import type { OutputLock } from './output-lock.js';
import { MANIFEST_FILE, manifestText, readManifest } from './output-manifest.js';
import { checkOutputFolder, guardFs, isInside, planFolderWrite } from './output-paths.js';
import { checkWritable, nearestExistingFolder } from './check-writable.js';

/** A file to write into the folder: generated text, or bytes (a firmware image). */
export interface FolderFile {
  /** Relative to the folder, with `/`. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

export interface WriteArtifactOptions {
  /**
   * Keep a manifest of the files written (default true), so a later write replaces them. Without
   * one (a plugin scaffold, which the user then owns) the folder must be missing or empty.
   */
  readonly manifest?: boolean;
  /** The folder's lock, already held by the caller (`run` holds it across build and run too). */
  readonly lock?: OutputLock;
}

/** Removes the folders a removal emptied, up to but never including the output folder. */
function pruneEmptyFolders(root: string, from: string): void {
  try {
    for (let d = from; isInside(root, d); d = dirname(d)) {
      if (readdirSync(d).length > 0) return;
      rmdirSync(d);
    }
  } catch {
    // Someone put a file there meanwhile: then the folder is theirs to keep.
  }
}

/**
 * Writes generated files into `dir` by the rules of `output-paths.ts`: Anvil's earlier files
 * there are replaced, or removed when no longer generated; other files are left alone; files
 * the user changed, and other files at generated paths, are overwritten only with `force`.
 * Each file is written atomically; the folder is locked meanwhile (`CLI_OUTPUT_LOCKED` for a
 * second writer); the manifest, `.anvil-manifest.json`, is written last.
 */
export function writeArtifact(dir: string, files: readonly FolderFile[], force: boolean, options: WriteArtifactOptions = {}): void {
  const root = checkOutputFolder(dir);
  if (options.lock !== undefined && resolve(options.lock.dir) !== root)
    fail(errors.internal(`writeArtifact: the lock given is for ${options.lock.dir}, not ${dir}`));
  // Before the recursive mkdir, which never returns under /proc: a typed error instead.
  checkWritable(nearestExistingFolder(root), dir);
  guardFs(root, () => mkdirSync(root, { recursive: true }));
  const lock = options.lock ?? lockOutputFolder(root);
  try {
    const keep = options.manifest !== false;
    const plan = planFolderWrite(root, files, keep ? readManifest(root) : { state: 'none' }, force);
    const manifestPath = join(root, MANIFEST_FILE);
    const entries = plan.files.map((f) => ({ path: f.path, sha256: f.sha256 }));
    const saveManifest = (list: typeof entries) => guardFs(manifestPath, () => writeFileAtomic(manifestPath, manifestText(list), true));
    if (keep) saveManifest([...plan.previous, ...entries]);
    for (const f of plan.files) {
      if (!f.write) continue;
      guardFs(f.abs, () => {
        mkdirSync(dirname(f.abs), { recursive: true });
        writeFileAtomic(f.abs, f.content, true);
      });
    }
    for (const abs of plan.remove)
      guardFs(abs, () => {
        rmSync(abs, { force: true });
        pruneEmptyFolders(root, dirname(abs));
      });
    if (keep) saveManifest(entries);
  } finally {
    if (options.lock === undefined) lock.release();
  }
}
