import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DependencyContainer } from 'tsyringe';
import { AnvilError, fail } from '../errors/anvil-error.js';
import { cliBadArgument, pluginHookFailed, pluginInvalid, pluginNotFound } from '../errors/builders.js';
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

/** Runs a plugin's register(); a failure is re-thrown tagged with the plugin and hook. */
export function registerPlugin(plugin: AnvilPlugin, container: DependencyContainer): void {
  try {
    plugin.register(container);
  } catch (e) {
    if (e instanceof AnvilError) throw e;
    fail(pluginHookFailed(plugin.name, 'register', e instanceof Error ? e.message : String(e)), e);
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
