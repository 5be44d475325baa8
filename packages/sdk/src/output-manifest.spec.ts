import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, MANIFEST_FILE, isOwnablePath, manifestText, readManifest, sha256 } from './output-manifest.js';

const root = mkdtempSync(join(tmpdir(), 'anvil-manifest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('manifest', () => {
  it('reads back what it writes, and says none where there is none', () => {
    expect(readManifest(root)).toEqual({ state: 'none' });
    const entries = [
      { path: 'model.c', sha256: sha256('int x;') },
      { path: 'kernels/k.c', sha256: sha256('') },
    ];
    writeFileSync(join(root, MANIFEST_FILE), manifestText(entries));
    const m = readManifest(root);
    expect(m.state).toBe('ok');
    expect(m.state === 'ok' && [...m.entries].sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      [...entries].sort((a, b) => a.path.localeCompare(b.path)),
    );
  });

  it.each([
    ['not JSON', '{'],
    ['null', 'null'],
    ['another format', JSON.stringify({ format: 2, files: [] })],
    ['a path outside the folder', JSON.stringify({ format: 1, files: [{ path: '../x', sha256: sha256('') }] })],
    ['an absolute path', JSON.stringify({ format: 1, files: [{ path: '/etc/passwd', sha256: sha256('') }] })],
    ['a bad hash', JSON.stringify({ format: 1, files: [{ path: 'a.c', sha256: 'abc' }] })],
  ])('is damaged when %s', (_, text) => {
    writeFileSync(join(root, MANIFEST_FILE), text);
    expect(readManifest(root).state).toBe('damaged');
  });

  it('owns only normal relative paths, never its own bookkeeping files', () => {
    for (const ok of ['a.c', 'kernels/a.c', '..x/a.c']) expect(isOwnablePath(ok)).toBe(true);
    for (const bad of ['', '/a', 'a/../b', './a', 'a//b', 'a/', '..', 'a\\b', MANIFEST_FILE, LOCK_FILE])
      expect(isOwnablePath(bad)).toBe(false);
  });
});
