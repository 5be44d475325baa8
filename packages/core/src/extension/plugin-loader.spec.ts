import 'reflect-metadata';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { container as root } from 'tsyringe';
import { AnvilError } from '../errors/anvil-error.js';
import type { AnvilPlugin } from './plugin.js';
import { loadPlugins, registerPlugin } from './plugin-loader.js';
import { provide, token } from './token.js';

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

async function thrownAsync(p: Promise<unknown>): Promise<AnvilError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AnvilError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const Greeting = token<string>('test-greeting');

interface Greeter {
  greet(): string;
}
const GreeterToken = token<Greeter>('test-greeter');

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'anvil-plugins-'));
  writePackage(
    'good-plugin',
    `export const plugin = { name: 'good-plugin', version: '1.0.0', register(c) { c.register(Symbol.for('anvil:test-greeting'), { useValue: 'hello' }); } };`,
  );
  writePackage('no-export', `export const other = 1;`);
  writePackage('half-plugin', `export const plugin = { name: 'half' };`);
  writePackage(
    '@acme/faulty-plugin',
    `export const plugin = { name: '@acme/faulty-plugin', version: '1.0.0', register(c) {
      c.register(Symbol.for('anvil:test-greeter'), { useValue: { greet() { throw new TypeError('greeting is undefined'); } } });
    } };`,
  );
  writePackage(
    'throwing-plugin',
    `export const plugin = { name: 'throwing-plugin', version: '1', register() { throw new Error('boom'); } };`,
  );
  writePackage('broken-at-import', `throw new TypeError('cannot start'); export const plugin = {};`);
  writePackage('missing-dependency', `import 'no-such-anvil-dependency'; export const plugin = {};`);
  writePackage(
    'async-plugin',
    `export const plugin = { name: 'async-plugin', version: '1', async register(c) {
      await new Promise((r) => setTimeout(r, 5));
      c.register(Symbol.for('anvil:test-greeting'), { useValue: 'later' });
    } };`,
  );
  writePackage(
    'rejecting-plugin',
    `export const plugin = { name: 'rejecting-plugin', version: '1', async register() { throw new Error('async boom'); } };`,
  );
  writePackage('exiting-plugin', `process.exit(7); export const plugin = {};`);
  writePackage(
    'slow-plugin',
    `await new Promise((r) => setTimeout(r, 5000)); export const plugin = { name: 'slow-plugin', version: '1', register() {} };`,
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
    expect(await codeOf(loadPlugins(['throwing-plugin'], c, project))).toBe('PLUGIN_FAILED');
  });

  it('reports a package that throws while it is imported as the plugin failing, not as missing', async () => {
    const c = root.createChildContainer();
    const e = await thrownAsync(loadPlugins(['broken-at-import'], c, project));
    expect(e.oneLine()).toBe("PLUGIN_FAILED: broken-at-import (import): cannot start — report this to the plugin's authors");
    const missing = await thrownAsync(loadPlugins(['missing-dependency'], c, project));
    expect(missing.code).toBe('PLUGIN_FAILED');
    expect(missing.message).toContain("missing-dependency (import): Cannot find package 'no-such-anvil-dependency'");
  });

  it('awaits an async register, and reports its rejection', async () => {
    const c = root.createChildContainer();
    await loadPlugins(['async-plugin'], c, project);
    expect(c.resolve(Greeting)).toBe('later');
    const e = await thrownAsync(loadPlugins(['rejecting-plugin'], c, project));
    expect(e.message).toBe('rejecting-plugin (register): async boom');
  });

  it('does not let a plugin exit the process while it loads', async () => {
    const c = root.createChildContainer();
    const exit = process.exit;
    const e = await thrownAsync(loadPlugins(['exiting-plugin'], c, project));
    expect(e.message).toBe('exiting-plugin (import): called process.exit(7) while loading');
    expect(process.exit).toBe(exit);
  });

  it('gives up on a plugin that takes longer than the timeout', async () => {
    const c = root.createChildContainer();
    const e = await thrownAsync(loadPlugins(['slow-plugin'], c, project, { timeoutMs: 100 }));
    expect(e.message).toBe('slow-plugin (import): did not finish within 100 ms (ANVIL_PLUGIN_TIMEOUT_MS sets the limit)');
  });

  it('tags a throw in a registered value with the plugin package and the hook', async () => {
    const c = root.createChildContainer();
    await loadPlugins(['@acme/faulty-plugin'], c, project);
    const e = thrown(() => c.resolve(GreeterToken).greet());
    expect(e).toBeInstanceOf(AnvilError);
    expect((e as AnvilError).oneLine()).toBe(
      "PLUGIN_FAILED: @acme/faulty-plugin (greet): greeting is undefined — report this to the plugin's authors",
    );
  });
});

describe('registerPlugin', () => {
  const factoryPlugin = (factory: () => Greeter): AnvilPlugin => ({
    name: '@acme/factory-plugin',
    version: '1.0.0',
    register: (c) => provide(c, GreeterToken, factory),
  });

  it('guards what a factory builds', async () => {
    const c = root.createChildContainer();
    await registerPlugin(
      factoryPlugin(() => ({
        greet: () => {
          throw new Error('no audience');
        },
      })),
      c,
    );
    const e = thrown(() => c.resolve(GreeterToken).greet());
    expect((e as AnvilError).code).toBe('PLUGIN_FAILED');
    expect((e as AnvilError).message).toBe('@acme/factory-plugin (greet): no audience');
  });

  it('reports a throwing factory as the plugin failing in register', async () => {
    const c = root.createChildContainer();
    await registerPlugin(
      factoryPlugin(() => {
        throw new Error('factory broke');
      }),
      c,
    );
    const e = thrown(() => c.resolve(GreeterToken));
    expect((e as AnvilError).code).toBe('PLUGIN_FAILED');
    expect((e as AnvilError).message).toBe('@acme/factory-plugin (register): factory broke');
  });

  it('guards registerInstance and passes other container methods through', async () => {
    const c = root.createChildContainer();
    await registerPlugin(
      {
        name: '@acme/instance-plugin',
        version: '1.0.0',
        register(container) {
          container.registerInstance(GreeterToken, {
            greet: () => {
              throw new Error('shy');
            },
          });
          if (!container.isRegistered(GreeterToken)) throw new Error('isRegistered did not reach the container');
        },
      },
      c,
    );
    expect((thrown(() => c.resolve(GreeterToken).greet()) as AnvilError).message).toBe('@acme/instance-plugin (greet): shy');
  });
});
