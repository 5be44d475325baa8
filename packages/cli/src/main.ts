import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isAnvilError } from '@anvil/core';
import type { CliEnv, CommandDefinition } from './cli-env.js';
import { collect } from './cli-env.js';
import { openAnvil } from '@anvil/sdk';
import { limitsFromEnv } from './env-limits.js';
import { defineCompile } from './commands/compile.js';
import { defineInspect } from './commands/inspect.js';
import { defineInterp } from './commands/interp.js';
import { definePlan } from './commands/plan.js';
import { defineRun } from './commands/run.js';
import { definePluginNew } from './commands/plugin-new.js';
import { defineTune } from './commands/tune.js';

/** Every subcommand, in the order `anvil --help` lists them. */
const COMMANDS: readonly CommandDefinition[] = [
  defineInspect,
  defineInterp,
  definePlan,
  defineCompile,
  defineRun,
  defineTune,
  definePluginNew,
];

/** The CLI package's version (package.json beside src/), what `--version` and JSON reports print. */
export function anvilVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

function program(out: (s: string) => void): Command {
  const cmd = new Command('anvil')
    .description('Anvil: int8 models to plain C for bare-metal microcontrollers')
    .version(anvilVersion(), '-V, --version', 'print the Anvil version')
    .option('--plugin <package>', 'load a plugin package (repeatable)', collect, [])
    .option('--project <dir>', 'directory holding anvil.config.json', process.cwd())
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: (s) => process.stderr.write(s) });
  const env: CliEnv = {
    out,
    setup: () => {
      const g = cmd.opts<{ plugin: string[]; project: string }>();
      return openAnvil({ projectDir: g.project, plugins: g.plugin, ...limitsFromEnv(process.env) });
    },
  };
  for (const define of COMMANDS) define(cmd, env);
  return cmd;
}

/**
 * Runs the CLI and returns the exit code: 0 success, 1 a reported error (one line on
 * stderr: `anvil: CODE: message — hint`), 2 a usage error.
 */
export async function main(argv: readonly string[], out: (s: string) => void = (s) => void process.stdout.write(s)): Promise<number> {
  try {
    await program(out).parseAsync([...argv]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isAnvilError(e)) {
      process.stderr.write(`anvil: ${e.oneLine()}\n`);
      return 1;
    }
    process.stderr.write(
      `anvil: INTERNAL: ${e instanceof Error ? e.message : String(e)} — this is a bug in Anvil; please report it with the model\n`,
    );
    return 1;
  }
}
