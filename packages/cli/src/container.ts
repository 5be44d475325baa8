import 'reflect-metadata';
import { container as root } from 'tsyringe';
import type { DependencyContainer } from 'tsyringe';
import { loadPlugins, readConfig } from '@anvil/core';
import type { AnvilPlugin } from '@anvil/core';

/** Plugins every run loads; they register exactly as third-party plugins do. */
export const BUILTIN_PLUGINS: readonly string[] = [
  '@anvil/importer-tflite',
  '@anvil/codegen-c',
  '@anvil/planner-greedy',
  '@anvil/planner-ilp',
  '@anvil/planner-pinning',
  '@anvil/target-host',
  '@anvil/target-cortex-m',
  '@anvil/host',
];

export interface Wiring {
  readonly container: DependencyContainer;
  readonly plugins: readonly AnvilPlugin[];
}

/**
 * The one place the DI container is built: a child container per invocation, filled by the
 * built-in plugins, then those named in `anvil.config.json` (in `projectDir`), then `--plugin`.
 */
export async function wire(projectDir: string, extraPlugins: readonly string[]): Promise<Wiring> {
  const container = root.createChildContainer();
  const config = await readConfig(projectDir);
  const names = [...BUILTIN_PLUGINS, ...(config.plugins ?? []), ...extraPlugins];
  const plugins = await loadPlugins(names, container, projectDir);
  return { container, plugins };
}
