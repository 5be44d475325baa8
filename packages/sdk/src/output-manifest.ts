import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * The list of files Anvil wrote in an output folder, kept in the folder. It is what makes a
 * file Anvil's: a recompile replaces or removes only listed files whose content is still what
 * Anvil wrote, and leaves every other file in the folder alone. Its presence does not make the
 * folder Anvil's (the old `.anvil-output` marker did, and emptied it).
 */
export const MANIFEST_FILE = '.anvil-manifest.json';

/** The lock a writer holds while it writes a folder (see `lockOutputFolder`). */
export const LOCK_FILE = '.anvil-lock';

/** One file Anvil wrote: its path relative to the folder (with `/`) and its content's SHA-256. */
export interface ManifestEntry {
  readonly path: string;
  readonly sha256: string;
}

export type ManifestState =
  | { readonly state: 'none' }
  | { readonly state: 'damaged'; readonly reason: string }
  | { readonly state: 'ok'; readonly entries: readonly ManifestEntry[] };

const FORMAT = 1;

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * A path Anvil may write below a folder and may trust from a manifest: relative, `/`-separated,
 * already normal (no `.`, `..` or empty segments), and not one of Anvil's own bookkeeping files.
 * A manifest edited to name `../x` must never make Anvil delete outside the folder.
 */
export function isOwnablePath(path: string): boolean {
  if (path === '' || path.includes('\\') || path.includes('\0') || posix.isAbsolute(path)) return false;
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return false;
  return path !== MANIFEST_FILE && path !== LOCK_FILE;
}

/** Reads the folder's manifest. A file that is not one Anvil wrote is `damaged`, never guessed at. */
export function readManifest(dir: string): ManifestState {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'none' };
    return { state: 'damaged', reason: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { state: 'damaged', reason: 'it is not JSON' };
  }
  const files = (data as { files?: unknown } | null)?.files;
  if ((data as { format?: unknown } | null)?.format !== FORMAT || !Array.isArray(files))
    return { state: 'damaged', reason: `it is not an Anvil manifest of format ${FORMAT}` };
  const entries: ManifestEntry[] = [];
  for (const f of files as unknown[]) {
    const { path, sha256: hash } = (f ?? {}) as { path?: unknown; sha256?: unknown };
    if (typeof path !== 'string' || !isOwnablePath(path) || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))
      return { state: 'damaged', reason: `entry ${JSON.stringify(f)} is not a file path inside the folder with its SHA-256` };
    entries.push({ path, sha256: hash });
  }
  return { state: 'ok', entries };
}

/**
 * The manifest's text. A path may be listed more than once: while a recompile is writing, the
 * manifest lists both the old and the new content of each file, so a write cut short (a crash,
 * Ctrl-C) leaves files that still count as Anvil's rather than as the user's edits.
 */
export function manifestText(entries: readonly ManifestEntry[]): string {
  const files = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.sha256 < b.sha256 ? -1 : 1));
  const note =
    'The files Anvil wrote in this folder. A recompile replaces or removes only these, and only while their content is unchanged; every other file here is left alone.';
  return `${JSON.stringify({ format: FORMAT, generator: 'anvil', note, files }, null, 2)}\n`;
}
