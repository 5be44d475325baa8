import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DependencyContainer, InjectionToken, RegistrationOptions } from 'tsyringe';
import { AnvilError, fail } from '../errors/anvil-error.js';
import { pluginFailed, pluginInvalid, pluginNotFound } from '../errors/builders.js';
import { guardService } from './guard-service.js';
import type { AnvilPlugin } from './plugin.js';
import { runPluginStep } from './plugin-step.js';
import type { PluginStepOptions } from './plugin-step.js';

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
 * would from a file there, and imports it. A name that does not resolve is PLUGIN_NOT_FOUND;
 * a package that resolves but throws while it is evaluated (its own code, or a dependency
 * of its own that is missing) is the plugin failing: PLUGIN_FAILED with hook `import`.
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
    if (e instanceof AnvilError) throw e;
    fail(pluginFailed(packageName, 'import', e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)), e);
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
 * `guardService`), awaiting it when it is async; a throw or a rejection is re-thrown tagged
 * with the plugin and hook.
 */
export async function registerPlugin(plugin: AnvilPlugin, container: DependencyContainer): Promise<void> {
  try {
    await plugin.register(guardedContainer(container, plugin.name));
  } catch (e) {
    if (e instanceof AnvilError) throw e;
    fail(pluginFailed(plugin.name, 'register', reason(e)), e);
  }
}

/**
 * Loads the named plugins in order and registers each into the container. Importing and
 * registering each run under `runPluginStep`: bounded in time, and unable to end the process.
 */
export async function loadPlugins(
  names: readonly string[],
  container: DependencyContainer,
  fromDir: string,
  options: PluginStepOptions = {},
): Promise<AnvilPlugin[]> {
  const loaded: AnvilPlugin[] = [];
  for (const name of names) {
    if (loaded.some((p) => p.name === name)) continue;
    const mod = await runPluginStep(name, 'import', () => importPluginModule(name, fromDir), options);
    const plugin = pluginFromModule(name, mod);
    await runPluginStep(plugin.name, 'register', () => registerPlugin(plugin, container), options);
    loaded.push(plugin);
  }
  return loaded;
}
