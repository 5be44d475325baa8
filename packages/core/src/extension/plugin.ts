import type { DependencyContainer } from 'tsyringe';

/** What a plugin package exports as `plugin`. Built-in plugins use exactly this shape. */
export interface AnvilPlugin {
  readonly name: string;
  readonly version: string;
  register(container: DependencyContainer): void;
}

/** The project file that names plugins to load (`anvil.config.json`). */
export interface AnvilConfig {
  readonly plugins?: readonly string[];
}
