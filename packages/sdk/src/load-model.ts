import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { errors, fail, importModel, isAnvilError } from '@anvil/core';
import type { Graph, Importer, ModelOutline } from '@anvil/core';

/**
 * The largest model file read by default: 256 MiB. Models for microcontrollers fit in their
 * flash (a few MiB at most), so a larger file is almost surely not a model, and reading it
 * whole would cost its size in memory several times over before any importer could say so.
 */
export const DEFAULT_MAX_MODEL_BYTES = 256 * 1024 * 1024;

/**
 * How much of the file importers' `canImport` sees before anything else is read: enough for
 * any format's magic bytes and header, little enough to read from any file at once.
 */
export const HEADER_BYTES = 64 * 1024;

export interface LoadModelOptions {
  /** Files larger than this are refused before they are read (MODEL_TOO_LARGE). */
  readonly maxBytes?: number;
}

function errnoOf(e: unknown): string {
  return e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e);
}

// What a non-regular file is, in the words a user knows it by.
function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

function requireRegular(path: string, s: Stats): void {
  if (!s.isFile()) fail(errors.modelUnreadable(path, `it is ${kindOf(s)}`, 'pass a model file (.tflite) saved on disk'));
}

// Reads exactly `length` bytes at `position`, or fewer only at the end of the file.
async function readAt(file: FileHandle, length: number, position: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/**
 * Reads a model file and imports it with the first importer that claims it (verified). Only
 * regular files are read: a device such as /dev/zero never ends and a FIFO blocks on open.
 * The importers first see the header alone, so a file no importer claims is refused after
 * reading 64 KiB; then the size is checked against the limit, and only then the whole file
 * is read. Every refusal is a typed error (MODEL_UNREADABLE, MODEL_FORMAT_UNKNOWN,
 * MODEL_TOO_LARGE).
 */
export async function loadModel(importers: readonly Importer[], path: string, o: LoadModelOptions = {}): Promise<Graph> {
  const bytes = await readModelFile(importers, path, o);
  return importModel(importers, bytes, basename(path));
}

/**
 * The outline of a model file (its operators, each marked supported or not) from the importer
 * that claims it, read under the same checks as `loadModel`; undefined when that importer
 * cannot outline.
 */
export async function outlineModel(
  importers: readonly Importer[],
  path: string,
  o: LoadModelOptions = {},
): Promise<ModelOutline | undefined> {
  const bytes = await readModelFile(importers, path, o);
  const name = basename(path);
  return importers.find((i) => i.canImport(bytes.subarray(0, HEADER_BYTES), name))?.outline?.(bytes, name);
}

/** The whole file, once some importer claims its header and its size is within the limit. */
async function readModelFile(importers: readonly Importer[], path: string, o: LoadModelOptions): Promise<Uint8Array> {
  const limit = o.maxBytes ?? DEFAULT_MAX_MODEL_BYTES;
  const name = basename(path);
  let file: FileHandle | undefined;
  let bytes: Uint8Array;
  try {
    // stat before open: opening a FIFO would block, opening a serial device may reset a board.
    requireRegular(path, await stat(path));
    // O_NONBLOCK in case the path was swapped for a FIFO since; fstat confirms what was opened.
    file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const s = await file.stat();
    requireRegular(path, s);
    const header = await readAt(file, Math.min(HEADER_BYTES, s.size), 0);
    if (!importers.some((i) => i.canImport(header, name))) fail(errors.modelFormatUnknown(name));
    if (s.size > limit) fail(errors.modelTooLarge(path, s.size, limit));
    // One byte beyond the size seen, so a file that grew meanwhile is noticed, not truncated.
    bytes = await readAt(file, s.size + 1, 0);
    if (bytes.length !== s.size) fail(errors.modelUnreadable(path, 'it changed while it was read', 'try again once it is written'));
  } catch (e) {
    if (isAnvilError(e)) throw e;
    fail(errors.modelUnreadable(path, errnoOf(e)));
  } finally {
    await file?.close();
  }
  return bytes;
}
