import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnvilError } from '@anvil/core';
import { checkOutputFile, checkOutputFolder, isInside } from './output-paths.js';
import { writeOutputFiles } from './write-output-files.js';
import { readFileSync } from 'node:fs';

const root = mkdtempSync(join(tmpdir(), 'anvil-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function error(f: () => unknown): AnvilError | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof AnvilError) return e;
    throw e;
  }
  return undefined;
}

const file = join(root, 'a-file.txt');
writeFileSync(file, 'mine');

describe('checkOutputFolder', () => {
  it('accepts a new folder, a nested new one and an existing folder, and returns them absolute', () => {
    expect(checkOutputFolder(join(root, 'new'))).toBe(join(root, 'new'));
    expect(checkOutputFolder(join(root, 'a/b/c'))).toBe(join(root, 'a/b/c'));
    expect(checkOutputFolder(root)).toBe(root);
  });

  it.each([
    ['an empty path', ''],
    ['a file', file],
    ['a path through a file', join(file, 'sub')],
    ['a device', '/dev/null'],
    ['the working directory', '.'],
    ['the working directory, absolute', process.cwd()],
    ['an ancestor of the working directory', dirname(process.cwd())],
    ['the file system root', '/'],
  ])('refuses %s with CLI_OUTPUT_INVALID and a hint', (_, path) => {
    const e = error(() => checkOutputFolder(path));
    expect(e?.code).toBe('CLI_OUTPUT_INVALID');
    expect(e?.hint.length).toBeGreaterThan(10);
  });
});

describe('checkOutputFile', () => {
  it('accepts a new file in an existing folder, and an existing one only with force', () => {
    expect(checkOutputFile(join(root, 'page.html'), false)).toBe(join(root, 'page.html'));
    expect(error(() => checkOutputFile(file, false))?.code).toBe('CLI_OUTPUT_EXISTS');
    expect(checkOutputFile(file, true)).toBe(file);
  });

  it.each([
    ['an empty path', ''],
    ['a folder', root],
    ['a path ending in a slash', `${join(root, 'x')}/`],
    ['a file in a missing folder', join(root, 'missing/page.html')],
    ['a file below a file', join(file, 'page.html')],
  ])('refuses %s with CLI_OUTPUT_INVALID, even with force', (_, path) => {
    expect(error(() => checkOutputFile(path, true))?.code).toBe('CLI_OUTPUT_INVALID');
  });

  it('never replaces a device', () => {
    expect(error(() => checkOutputFile('/dev/null', true))?.code).toBe('CLI_OUTPUT_INVALID');
  });
});

describe('writeOutputFiles', () => {
  it('checks every path before writing any', () => {
    const ok = join(root, 'first.bin');
    const e = error(() =>
      writeOutputFiles(
        [
          { path: ok, content: new Uint8Array([1]) },
          { path: join(root, 'missing/second.bin'), content: new Uint8Array([2]) },
        ],
        false,
      ),
    );
    expect(e?.code).toBe('CLI_OUTPUT_INVALID');
    expect(() => readFileSync(ok)).toThrow();
  });

  it("writes, refuses to replace the user's file without force, then replaces it with force", () => {
    // Anvil's own unchanged output is replaced without force (see output-ledger.spec.ts); a
    // file that is not, here one the user edited, is not.
    const p = join(root, 'out_0.bin');
    writeOutputFiles([{ path: p, content: 'one' }], false);
    writeFileSync(p, 'users');
    expect(error(() => writeOutputFiles([{ path: p, content: 'two' }], false))?.code).toBe('CLI_OUTPUT_EXISTS');
    expect(readFileSync(p, 'utf8')).toBe('users');
    writeOutputFiles([{ path: p, content: 'two' }], true);
    expect(readFileSync(p, 'utf8')).toBe('two');
  });
});

describe('isInside', () => {
  it('is strict and not fooled by names that start with two dots', () => {
    mkdirSync(join(root, '..x'), { recursive: true });
    expect(isInside('/a', '/a/b')).toBe(true);
    expect(isInside('/a', '/a')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a', '/a/..x')).toBe(true);
    expect(isInside('/a', '/ab')).toBe(false);
  });
});
