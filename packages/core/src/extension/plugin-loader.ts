import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DependencyContainer, InjectionToken, RegistrationOptions } from 'tsyringe';
import { AnvilError, fail } from '../errors/anvil-error.js';
import { cliBadArgument, pluginFailed, pluginInvalid, pluginNotFound } from '../errors/builders.js';
import { guardService } from './guard-service.js';
import type { AnvilConfig, AnvilPlugin } from './plugin.js';

function isPlugin(value: unknown): value is AnvilPlugin {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['name'] === 'string' && typeof v['version'] === 'string' && typeof v['register'] === 'function';
}

/** Checks a module's `plugin` export and says what is wrong with it. */
export function pluginFromModule(packageName: string, mod: unknown): AnvilPlugin {
  const exported = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>)['plugin'] : undefined;
  if (exported === undefined) fail(pluginInvalid(packageName, 'it has no `plugin` export'));
  if (!isPlugin(exported)) fail(pluginInvalid(packageName, '`plugin` lacks name, version or register()'));
  return exported;
}

/**
 * Resolves a plugin package by name from `fromDir` (the project directory), the way Node
 * would from a file there, and imports it.
 */
export async function importPluginModule(packageName: string, fromDir: string): Promise<unknown> {
  let resolved: string;
  try {
    resolved = createRequire(join(fromDir, 'anvil.config.json')).resolve(packageName);
  } catch {
    try {
      resolved = createRequire(import.meta.url).resolve(packageName);
    } catch (e) {
      fail(pluginNotFound(packageName, e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)));
    }
  }
  try {
    return await import(pathToFileURL(resolved).href);
  } catch (e) {
    fail(pluginNotFound(packageName, e instanceof Error ? e.message : String(e)));
  }
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function guardIfObject<T>(value: T, plugin: string): T {
  return typeof value === 'object' && value !== null ? guardService(value, plugin) : value;
}

/**
 * The container a plugin registers into: every value it registers (`useValue`,
 * `registerInstance`) or a factory of it builds (`useFactory`) is guarded with its name, so
 * a throw in any of its hooks later names it. A throw in the factory itself is the plugin's
 * `register` failing. Classes and aliases (`useClass`, `useToken`, `registerSingleton`,
 * `registerType`) pass through unguarded, as do registrations into a child container the
 * plugin creates: tsyringe builds those instances itself, out of our reach.
 */
function guardedContainer(container: DependencyContainer, plugin: string): DependencyContainer {
  const register = (token: InjectionToken, provider: unknown, options?: RegistrationOptions): DependencyContainer => {
    let rewritten = provider;
    if (typeof provider === 'object' && provider !== null && 'useValue' in provider) {
      rewritten = { useValue: guardIfObject(provider.useValue, plugin) };
    } else if (typeof provider === 'object' && provider !== null && 'useFactory' in provider && typeof provider.useFactory === 'function') {
      const factory = provider.useFactory as (c: DependencyContainer) => unknown;
      rewritten = {
        useFactory: (c: DependencyContainer): unknown => {
          let value: unknown;
          try {
            value = factory(c);
          } catch (e) {
            if (e instanceof AnvilError) throw e;
            fail(pluginFailed(plugin, 'register', reason(e)), e);
          }
          return guardIfObject(value, plugin);
        },
      };
    }
    Reflect.apply(container.register, container, options === undefined ? [token, rewritten] : [token, rewritten, options]);
    return proxy;
  };
  const registerInstance = (token: InjectionToken, instance: unknown): DependencyContainer => {
    container.registerInstance(token, guardIfObject(instance, plugin));
    return proxy;
  };
  const proxy: DependencyContainer = new Proxy(container, {
    get(target, prop) {
      if (prop === 'register') return register;
      if (prop === 'registerInstance') return registerInstance;
      const member: unknown = Reflect.get(target, prop, target);
      return typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(target) : member;
    },
  });
  return proxy;
}

/**
 * Runs a plugin's register() on a container that guards what it registers (see
 * `guardService`); a failure is re-thrown tagged with the plugin and hook.
 */
export function registerPlugin(plugin: AnvilPlugin, container: DependencyContainer): void {
  try {
    plugin.register(guardedContainer(container, plugin.name));
  } catch (e) {
    if (e instanceof AnvilError) throw e;
    fail(pluginFailed(plugin.name, 'register', reason(e)), e);
  }
}

/** Loads the named plugins in order and registers each into the container. */
export async function loadPlugins(names: readonly string[], container: DependencyContainer, fromDir: string): Promise<AnvilPlugin[]> {
  const loaded: AnvilPlugin[] = [];
  for (const name of names) {
    if (loaded.some((p) => p.name === name)) continue;
    const plugin = pluginFromModule(name, await importPluginModule(name, fromDir));
    registerPlugin(plugin, container);
    loaded.push(plugin);
  }
  return loaded;
}

/** Reads `anvil.config.json` in `dir`; an absent file is an empty config. */
export async function readConfig(dir: string): Promise<AnvilConfig> {
  let text: string;
  try {
    text = await readFile(join(dir, 'anvil.config.json'), 'utf8');
  } catch {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    fail(cliBadArgument(`anvil.config.json is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, 'fix the file or remove it'));
  }
  const plugins = (parsed as { plugins?: unknown }).plugins;
  if (plugins !== undefined && !(Array.isArray(plugins) && plugins.every((p) => typeof p === 'string'))) {
    fail(cliBadArgument('anvil.config.json: "plugins" must be an array of package names', 'e.g. {"plugins": ["@anvil/planner-ilp"]}'));
  }
  return plugins === undefined ? {} : { plugins: plugins as string[] };
}
