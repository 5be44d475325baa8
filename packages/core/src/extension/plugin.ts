import type { DependencyContainer } from 'tsyringe';

/**
 * What a plugin package exports as `plugin`. Built-in plugins use exactly this shape.
 * `register` may be async; the loader awaits it. Importing the package and registering it
 * each have a time limit (`DEFAULT_PLUGIN_TIMEOUT_MS`), and neither may end the process.
 */
export interface AnvilPlugin {
  readonly name: string;
  readonly version: string;
  register(container: DependencyContainer): void | Promise<void>;
}

/** The project file that names plugins to load (`anvil.config.json`). */
export interface AnvilConfig {
  readonly plugins?: readonly string[];
}
