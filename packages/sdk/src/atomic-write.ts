import { randomBytes } from 'node:crypto';
import { constants, copyFileSync, linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Filesystems without hard links (some FUSE and FAT mounts) refuse `link` with one of these. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);
const TEMP_SUFFIX = '.anvil-tmp';

/** Whether `name` is the temporary file `writeFileAtomic` writes on the way to file `target`. */
export function isAtomicTempOf(name: string, target: string): boolean {
  return name.startsWith(`.${target}.`) && name.endsWith(TEMP_SUFFIX);
}

/**
 * Writes `data` to `path` through a temporary file in the same folder, so a reader (or a crash)
 * sees the old content or the new, never part of it. With `replace` the new file takes the
 * place of any existing one (rename); without, an existing file is never replaced, even one
 * created a moment ago by another process (hard link, which fails if the name is taken), and
 * the result is `false`. Errors are the raw `fs` ones: callers type them (`outputFsError`).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, replace: boolean): boolean {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  writeFileSync(tmp, data, { flag: 'wx' });
  try {
    if (replace) {
      renameSync(tmp, path);
      return true;
    }
    try {
      linkSync(tmp, path);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') return false;
      if (!NO_LINKS.has(code)) throw e;
    }
    // No hard links here: an exclusive copy still never replaces a file, though a reader may
    // see it half-copied.
    try {
      copyFileSync(tmp, path, constants.COPYFILE_EXCL);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}
