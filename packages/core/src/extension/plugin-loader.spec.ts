import 'reflect-metadata';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { container as root } from 'tsyringe';
import { AnvilError } from '../errors/anvil-error.js';
import { loadPlugins, readConfig } from './plugin-loader.js';
import { token } from './token.js';

// Real packages on disk in a throwaway project, resolved the way Node resolves them.
let project: string;

function writePackage(name: string, source: string): void {
  const dir = join(project, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js' }));
  writeFileSync(join(dir, 'index.js'), source);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AnvilError ? e.code : `not an AnvilError: ${String(e)}`;
  }
}

const Greeting = token<string>('test-greeting');

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'anvil-plugins-'));
  writePackage(
    'good-plugin',
    `export const plugin = { name: 'good-plugin', version: '1.0.0', register(c) { c.register(Symbol.for('anvil:test-greeting'), { useValue: 'hello' }); } };`,
  );
  writePackage('no-export', `export const other = 1;`);
  writePackage('half-plugin', `export const plugin = { name: 'half' };`);
  writePackage(
    'throwing-plugin',
    `export const plugin = { name: 'throwing-plugin', version: '1', register() { throw new Error('boom'); } };`,
  );
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('loadPlugins', () => {
  it('imports a package by name and lets it register into the container', async () => {
    const c = root.createChildContainer();
    const loaded = await loadPlugins(['good-plugin'], c, project);
    expect(loaded.map((p) => p.name)).toEqual(['good-plugin']);
    const greeting: string = c.resolve(Greeting);
    expect(greeting).toBe('hello');
  });

  it('gives typed errors for missing, malformed and failing plugins', async () => {
    const c = root.createChildContainer();
    expect(await codeOf(loadPlugins(['no-such-anvil-plugin'], c, project))).toBe('PLUGIN_NOT_FOUND');
    expect(await codeOf(loadPlugins(['no-export'], c, project))).toBe('PLUGIN_INVALID');
    expect(await codeOf(loadPlugins(['half-plugin'], c, project))).toBe('PLUGIN_INVALID');
    expect(await codeOf(loadPlugins(['throwing-plugin'], c, project))).toBe('PLUGIN_HOOK_FAILED');
  });
});

describe('readConfig', () => {
  it('reads the plugin list, treats a missing file as empty and rejects bad JSON', async () => {
    expect(await readConfig(join(project, 'nowhere'))).toEqual({});
    writeFileSync(join(project, 'anvil.config.json'), JSON.stringify({ plugins: ['good-plugin'] }));
    expect(await readConfig(project)).toEqual({ plugins: ['good-plugin'] });
    writeFileSync(join(project, 'anvil.config.json'), '{ plugins: ');
    expect(await codeOf(readConfig(project))).toBe('CLI_BAD_ARGUMENT');
    writeFileSync(join(project, 'anvil.config.json'), JSON.stringify({ plugins: 'good-plugin' }));
    expect(await codeOf(readConfig(project))).toBe('CLI_BAD_ARGUMENT');
  });
});
