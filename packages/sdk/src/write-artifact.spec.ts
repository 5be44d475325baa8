import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnvilError } from '@anvil/core';
import { LOCK_FILE, MANIFEST_FILE, manifestText, readManifest, sha256 } from './output-manifest.js';
import { lockOutputFolder } from './output-lock.js';
import { writeArtifact } from './write-artifact.js';

const root = mkdtempSync(join(tmpdir(), 'anvil-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AnvilError) return e.code;
    throw e;
  }
  return 'no error';
}

const folder = (name: string): string => join(root, name);

describe('writeArtifact', () => {
  it('writes files in nested folders and lists them, with their hashes, in the manifest', () => {
    const dir = folder('fresh');
    writeArtifact(dir, [{ path: 'kernels/a.c', content: 'int a;\n' }], false);
    expect(readFileSync(join(dir, 'kernels/a.c'), 'utf8')).toBe('int a;\n');
    const m = readManifest(dir);
    expect(m.state === 'ok' && m.entries.map((e) => e.path)).toEqual(['kernels/a.c']);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual([MANIFEST_FILE, 'kernels']);
  });

  it('replaces the files it wrote and removes those no longer generated (and the folders they emptied)', () => {
    const dir = folder('again');
    writeArtifact(
      dir,
      [
        { path: 'old/old.c', content: '' },
        { path: 'same.c', content: 'x' },
      ],
      false,
    );
    writeArtifact(
      dir,
      [
        { path: 'new.c', content: '' },
        { path: 'same.c', content: 'y' },
      ],
      false,
    );
    expect(existsSync(join(dir, 'old'))).toBe(false);
    expect(existsSync(join(dir, 'new.c'))).toBe(true);
    expect(readFileSync(join(dir, 'same.c'), 'utf8')).toBe('y');
  });

  it('leaves every file it did not write, including ones added inside its folders', () => {
    const dir = folder('added');
    writeArtifact(
      dir,
      [
        { path: 'kernels/k.c', content: '' },
        { path: 'm.c', content: '' },
      ],
      false,
    );
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'kernels/mine.c'), 'mine');
    writeArtifact(dir, [{ path: 'other.c', content: '' }], false);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'kernels/mine.c'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'kernels/k.c'))).toBe(false);
    expect(existsSync(join(dir, 'm.c'))).toBe(false);
  });

  it('refuses a non-empty folder without a manifest unless forced, and then removes nothing', () => {
    const dir = folder('users');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'm.c'), 'user m.c');
    expect(codeOf(() => writeArtifact(dir, [{ path: 'm.c', content: '' }], false))).toBe('CLI_OUTPUT_EXISTS');
    expect(readFileSync(join(dir, 'm.c'), 'utf8')).toBe('user m.c');
    expect(readdirSync(dir).sort()).toEqual(['m.c', 'notes.txt']);
    writeArtifact(dir, [{ path: 'm.c', content: 'anvil' }], true);
    expect(readFileSync(join(dir, 'm.c'), 'utf8')).toBe('anvil');
    // Forced once, not adopted: a later write without --force still touches only Anvil's files.
    writeArtifact(dir, [{ path: 'n.c', content: '' }], false);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'm.c'))).toBe(false);
  });

  it('another anvil’s lock on its way in (its temporary file) does not make a new folder count as a user’s', () => {
    // Two compiles racing into one new folder: the loser's lock attempt leaves its temporary
    // file there for an instant, while the winner looks whether the folder is empty.
    const dir = folder('racing');
    mkdirSync(dir);
    const loserTemp = `.${LOCK_FILE}.4242-0a0b0c0d.anvil-tmp`;
    writeFileSync(join(dir, loserTemp), '{}');
    writeArtifact(dir, [{ path: 'm.c', content: 'anvil' }], false);
    expect(readFileSync(join(dir, 'm.c'), 'utf8')).toBe('anvil');
    // Any other dot-file is the user's, and still refuses the folder.
    const other = folder('dot-file');
    mkdirSync(other);
    writeFileSync(join(other, '.anvil-tmp'), 'mine');
    expect(codeOf(() => writeArtifact(other, [{ path: 'm.c', content: '' }], false))).toBe('CLI_OUTPUT_EXISTS');
  });

  it('the old .anvil-output marker no longer makes a folder Anvil’s', () => {
    const dir = folder('marker');
    mkdirSync(dir);
    writeFileSync(join(dir, '.anvil-output'), '');
    writeFileSync(join(dir, 'main.c'), 'mine');
    expect(codeOf(() => writeArtifact(dir, [{ path: 'm.c', content: '' }], false))).toBe('CLI_OUTPUT_EXISTS');
    expect(readFileSync(join(dir, 'main.c'), 'utf8')).toBe('mine');
  });

  it('a generated file the user changed is overwritten only with force, and never removed', () => {
    const dir = folder('modified');
    writeArtifact(
      dir,
      [
        { path: 'a.c', content: 'a' },
        { path: 'b.c', content: 'b' },
      ],
      false,
    );
    writeFileSync(join(dir, 'a.c'), 'my edit');
    const before = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
    expect(codeOf(() => writeArtifact(dir, [{ path: 'a.c', content: 'a2' }], false))).toBe('CLI_OUTPUT_MODIFIED');
    expect(readFileSync(join(dir, 'a.c'), 'utf8')).toBe('my edit');
    expect(readFileSync(join(dir, 'b.c'), 'utf8')).toBe('b');
    expect(readFileSync(join(dir, MANIFEST_FILE), 'utf8')).toBe(before);
    // No longer generated and changed: kept, and no longer listed.
    writeArtifact(dir, [{ path: 'c.c', content: '' }], false);
    expect(readFileSync(join(dir, 'a.c'), 'utf8')).toBe('my edit');
    expect(existsSync(join(dir, 'b.c'))).toBe(false);
    writeArtifact(dir, [{ path: 'a.c', content: 'a3' }], true);
    expect(readFileSync(join(dir, 'a.c'), 'utf8')).toBe('a3');
  });

  it('a user file at a generated path in its folder needs force', () => {
    const dir = folder('collide');
    writeArtifact(dir, [{ path: 'a.c', content: 'a' }], false);
    writeFileSync(join(dir, 'b.c'), 'mine');
    expect(
      codeOf(() =>
        writeArtifact(
          dir,
          [
            { path: 'a.c', content: 'a' },
            { path: 'b.c', content: 'b' },
          ],
          false,
        ),
      ),
    ).toBe('CLI_OUTPUT_EXISTS');
    expect(readFileSync(join(dir, 'b.c'), 'utf8')).toBe('mine');
  });

  it('never follows a manifest entry outside the folder', () => {
    const dir = folder('escape');
    const outside = folder('outside.c');
    writeFileSync(outside, '');
    mkdirSync(dir);
    writeFileSync(
      join(dir, MANIFEST_FILE),
      JSON.stringify({
        format: 1,
        files: [{ path: '../outside.c', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }],
      }),
    );
    expect(codeOf(() => writeArtifact(dir, [{ path: 'm.c', content: '' }], false))).toBe('CLI_OUTPUT_INVALID');
    writeArtifact(dir, [{ path: 'm.c', content: '' }], true);
    expect(existsSync(outside)).toBe(true);
  });

  it('refuses a folder another writer holds, and reclaims the lock of one that died', () => {
    const dir = folder('locked');
    const lock = lockOutputFolder(dir);
    try {
      expect(codeOf(() => writeArtifact(dir, [{ path: 'm.c', content: '' }], false))).toBe('CLI_OUTPUT_LOCKED');
      expect(existsSync(join(dir, 'm.c'))).toBe(false);
      // The holder itself may write under its lock.
      writeArtifact(dir, [{ path: 'm.c', content: '' }], false, { lock });
    } finally {
      lock.release();
    }
    const dead = folder('dead');
    mkdirSync(dead);
    // No process has a pid this high (Linux caps them at 2^22).
    writeFileSync(join(dead, LOCK_FILE), JSON.stringify({ pid: 2 ** 30, host: hostname(), token: 't' }));
    writeArtifact(dead, [{ path: 'm.c', content: '' }], false);
    expect(existsSync(join(dead, 'm.c'))).toBe(true);
    expect(existsSync(join(dead, LOCK_FILE))).toBe(false);
  });

  it('a write cut short (old and new contents both listed) leaves files that still count as Anvil’s', () => {
    const dir = folder('interrupted');
    writeArtifact(dir, [{ path: 'a.c', content: 'v1' }], false);
    // The state a crash leaves between the interim manifest and the final one: a.c rewritten.
    writeFileSync(
      join(dir, MANIFEST_FILE),
      manifestText([
        { path: 'a.c', sha256: sha256('v1') },
        { path: 'a.c', sha256: sha256('v2') },
      ]),
    );
    writeFileSync(join(dir, 'a.c'), 'v2');
    writeArtifact(dir, [{ path: 'a.c', content: 'v3' }], false);
    expect(readFileSync(join(dir, 'a.c'), 'utf8')).toBe('v3');
    const m = readManifest(dir);
    expect(m.state === 'ok' && m.entries).toEqual([{ path: 'a.c', sha256: sha256('v3') }]);
  });

  it('scaffold mode keeps no manifest and needs an empty folder', () => {
    const dir = folder('scaffold');
    writeArtifact(dir, [{ path: 'package.json', content: '{}' }], false, { manifest: false });
    expect(readdirSync(dir)).toEqual(['package.json']);
    expect(codeOf(() => writeArtifact(dir, [{ path: 'package.json', content: '{}' }], false, { manifest: false }))).toBe(
      'CLI_OUTPUT_EXISTS',
    );
  });

  it('a folder it cannot write is a typed error, not a crash', () => {
    expect(codeOf(() => writeArtifact('/sys/anvil-cannot-write', [{ path: 'm.c', content: '' }], false))).toBe('CLI_OUTPUT_UNWRITABLE');
    // /proc: a recursive mkdir there never returns; the probe refuses it first.
    if (existsSync('/proc/self'))
      expect(codeOf(() => writeArtifact('/proc/anvil-x/y', [{ path: 'm.c', content: '' }], false))).toBe('CLI_OUTPUT_UNWRITABLE');
    const ro = folder('read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    try {
      const code = codeOf(() => writeArtifact(ro, [{ path: 'm.c', content: '' }], false));
      // Root writes through permission bits: then the write simply succeeds.
      expect(code === 'CLI_OUTPUT_UNWRITABLE' || (process.getuid?.() === 0 && code === 'no error')).toBe(true);
    } finally {
      chmodSync(ro, 0o755);
    }
  });
});
