import type { Command } from 'commander';
import type { Anvil } from '@anvil/sdk';
import type { Progress } from './progress.js';
import type { HelpChoices } from './help-choices.js';

/** What every command gets from main: where to print, and the session (plugins loaded) on demand. */
export interface CliEnv {
  out(text: string): void;
  setup(): Promise<Anvil>;
  /** Where a command reports its long steps; `quiet` (`--json`, IR on stderr) for none. */
  progress(quiet: boolean): Progress;
  /** A command that succeeded but must fail a check (`plan --sram` with no plan fitting) sets 1. */
  setExitCode(code: number): void;
  /** What the loaded plugins offer, for `--help`; undefined unless help was asked for. */
  readonly choices: HelpChoices | undefined;
}

/** A command module adds its subcommand to the program; main lists them in one place. */
export type CommandDefinition = (program: Command, env: CliEnv) => void;

export const collect = (value: string, previous: string[]): string[] => [...previous, value];
