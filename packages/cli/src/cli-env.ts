import type { Command } from 'commander';
import type { Anvil } from '@anvil/sdk';

/** What every command gets from main: where to print, and the session (plugins loaded) on demand. */
export interface CliEnv {
  out(text: string): void;
  setup(): Promise<Anvil>;
}

/** A command module adds its subcommand to the program; main lists them in one place. */
export type CommandDefinition = (program: Command, env: CliEnv) => void;

export const collect = (value: string, previous: string[]): string[] => [...previous, value];
