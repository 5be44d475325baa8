import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import { parseConfig, readConfig } from './config-file.js';

const project = mkdtempSync(join(tmpdir(), 'anvil-config-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function problem(value: unknown): string {
  try {
    parseConfig(value, 'anvil.config.json');
  } catch (e) {
    if (e instanceof AnvilError) return `${e.code}: ${e.message} — ${e.hint}`;
    throw e;
  }
  return 'ok';
}

describe('parseConfig: the schema of anvil.config.json', () => {
  it('accepts an object with known keys of the right types', () => {
    expect(problem({})).toBe('ok');
    expect(problem({ plugins: [] })).toBe('ok');
    expect(problem({ plugins: ['@anvil/planner-ilp', '@acme/npu'] })).toBe('ok');
  });

  it('refuses anything but an object, saying what it got', () => {
    expect(problem(null)).toMatch(/^CONFIG_INVALID: anvil.config.json: the file must hold a JSON object, not null — e\.g\./);
    expect(problem([])).toContain('not an array');
    expect(problem(5)).toContain('not the number 5');
    expect(problem('plugins')).toContain('not the string "plugins"');
  });

  it('names an unknown key, and the known key it was probably meant to be', () => {
    expect(problem({ plugin: ['x'] })).toBe(
      'CONFIG_INVALID: anvil.config.json: unknown key "plugin" — did you mean "plugins"? known keys: plugins',
    );
    expect(problem({ plugins: [], target: 'host' })).toBe('CONFIG_INVALID: anvil.config.json: unknown key "target" — known keys: plugins');
    // Keys of Object.prototype are not keys of the schema.
    expect(problem({ toString: 1 })).toContain('unknown key "toString"');
  });

  it('names the key whose value has the wrong type', () => {
    expect(problem({ plugins: 'x' })).toContain('"plugins" must be an array of package names, not the string "x"');
    expect(problem({ plugins: ['a', 3] })).toContain('"plugins"[1] must be a package name, not the number 3');
    expect(problem({ plugins: [' '] })).toContain('"plugins"[0] must be a package name');
  });
});

describe('readConfig', () => {
  it('treats a missing file or folder as no config, and names the file in every error', async () => {
    expect(await readConfig(join(project, 'nowhere'))).toEqual({});
    writeFileSync(join(project, 'anvil.config.json'), JSON.stringify({ plugins: ['good-plugin'] }));
    expect(await readConfig(project)).toEqual({ plugins: ['good-plugin'] });
    for (const text of ['{ plugins: ', 'null', '{"plugins": "good-plugin"}', '{"plugns": []}']) {
      writeFileSync(join(project, 'anvil.config.json'), text);
      const e = await readConfig(project).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(AnvilError);
      expect((e as AnvilError).code).toBe('CONFIG_INVALID');
      expect((e as AnvilError).message).toContain(join(project, 'anvil.config.json'));
    }
    const dir = join(project, 'as-folder');
    mkdirSync(join(dir, 'anvil.config.json'), { recursive: true });
    await expect(readConfig(dir)).rejects.toThrow(/cannot be read: EISDIR/);
  });
});
