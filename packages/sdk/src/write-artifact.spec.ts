import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnvilError } from '@anvil/core';
import { MARKER, writeArtifact } from './write-artifact.js';

const root = mkdtempSync(join(tmpdir(), 'anvil-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeArtifact', () => {
  it('writes files in nested folders and marks the folder as its own', () => {
    const dir = join(root, 'fresh');
    writeArtifact(dir, [{ path: 'kernels/a.c', content: 'int a;\n' }], false);
    expect(readFileSync(join(dir, 'kernels/a.c'), 'utf8')).toBe('int a;\n');
    expect(existsSync(join(dir, MARKER))).toBe(true);
  });

  it('replaces a folder it wrote, leaving no stale file behind', () => {
    const dir = join(root, 'again');
    writeArtifact(dir, [{ path: 'old.c', content: '' }], false);
    writeArtifact(dir, [{ path: 'new.c', content: '' }], false);
    expect(existsSync(join(dir, 'old.c'))).toBe(false);
    expect(existsSync(join(dir, 'new.c'))).toBe(true);
  });

  it('refuses a non-empty folder it did not write unless forced, and then keeps the user files', () => {
    const dir = join(root, 'users');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(() => writeArtifact(dir, [{ path: 'm.c', content: '' }], false)).toThrow(AnvilError);
    expect(existsSync(join(dir, 'm.c'))).toBe(false);
    writeArtifact(dir, [{ path: 'm.c', content: '' }], true);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'm.c'))).toBe(true);
  });
});
