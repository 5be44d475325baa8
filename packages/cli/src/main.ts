import { Command, CommanderError } from 'commander';
import { errors, isAnvilError } from '@anvil/core';
import type { ErrorInfo } from '@anvil/core';
import type { CliEnv, CommandDefinition } from './cli-env.js';
import { collect } from './cli-env.js';
import { openAnvil } from '@anvil/sdk';
import type { AnvilOptions } from '@anvil/sdk';
import { anvilVersion } from './anvil-version.js';
import { limitsFromEnv } from './env-limits.js';
import { helpChoices } from './help-choices.js';
import type { HelpChoices } from './help-choices.js';
import { jsonError } from './json-output.js';
import { progressFor, spinnerLibrary } from './progress.js';
import type { SpinnerLibrary } from './progress.js';
import { defineCompile } from './commands/compile.js';
import { defineFlashImage } from './commands/flash-image.js';
import { defineInspect } from './commands/inspect.js';
import { defineInterp } from './commands/interp.js';
import { definePlan } from './commands/plan.js';
import { defineProject } from './commands/project.js';
import { defineRun } from './commands/run.js';
import { definePluginNew } from './commands/plugin-new.js';
import { defineTune } from './commands/tune.js';

export { anvilVersion } from './anvil-version.js';

/** Every subcommand, in the order `anvil --help` lists them. */
const COMMANDS: readonly CommandDefinition[] = [
  defineInspect,
  defineInterp,
  definePlan,
  defineCompile,
  defineRun,
  defineProject,
  defineFlashImage,
  defineTune,
  definePluginNew,
];

/** What one run of `main` decided besides printing: the exit code a passing command may still set. */
interface RunState {
  exitCode: number;
}

function program(
  out: (s: string) => void,
  err: (s: string) => void,
  state: RunState,
  choices: HelpChoices | undefined,
  spinners: SpinnerLibrary | undefined,
): Command {
  const cmd = new Command('anvil')
    .description('Anvil: int8 models to plain C for bare-metal microcontrollers')
    .version(anvilVersion(), '-V, --version', 'print the Anvil version')
    .option('--plugin <package>', 'load a plugin package (repeatable)', collect, [])
    .option('--project <dir>', 'directory holding anvil.config.json', process.cwd())
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });
  const env: CliEnv = {
    out,
    setup: () => {
      const g = cmd.opts<{ plugin: string[]; project: string }>();
      return openAnvil({ projectDir: g.project, plugins: g.plugin, ...limitsFromEnv(process.env) });
    },
    progress: (quiet) => progressFor(quiet, process.stderr, process.env, spinners),
    setExitCode: (code) => void (state.exitCode = code),
    choices,
  };
  for (const define of COMMANDS) define(cmd, env);
  return cmd;
}

/** The arguments before `--`: only those can be options. */
const optionArgs = (argv: readonly string[]): readonly string[] => {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
};

const wantsHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h') || args[2] === 'help';

/** `--plugin` and `--project` read ahead of the parser, so help can list what those plugins offer. */
function sessionOptions(args: readonly string[]): AnvilOptions {
  const plugins: string[] = [];
  let projectDir: string | undefined;
  args.forEach((a, i) => {
    const next = args[i + 1];
    if (a === '--plugin' && next !== undefined) plugins.push(next);
    else if (a.startsWith('--plugin=')) plugins.push(a.slice('--plugin='.length));
    else if (a === '--project' && next !== undefined) projectDir = next;
    else if (a.startsWith('--project=')) projectDir = a.slice('--project='.length);
  });
  return { plugins, ...(projectDir === undefined ? {} : { projectDir }), ...limitsFromEnv(process.env) };
}

/** Help never fails for want of its lists: a plugin that does not load leaves them out. */
async function choicesFor(args: readonly string[]): Promise<HelpChoices | undefined> {
  if (!wantsHelp(args)) return undefined;
  try {
    return await helpChoices(await openAnvil(sessionOptions(args)));
  } catch {
    return undefined;
  }
}

/** The subcommand named on the command line ('' for none), for a usage error's hint. */
function commandName(args: readonly string[]): string {
  const first = args.slice(2).find((a) => !a.startsWith('-'));
  return first === 'plugin' ? 'plugin new' : (first ?? '');
}

/** Anything but an AnvilError escaping a command is a bug; its own message is kept, unprefixed. */
const internalError = (e: unknown): ErrorInfo => ({ ...errors.internal(''), message: e instanceof Error ? e.message : String(e) });

/**
 * Runs the CLI and returns the exit code: 0 success, 1 a reported error (one line on
 * stderr: `anvil: CODE: message — hint`), 2 a usage error. With `--json` an error is a JSON
 * object on stdout instead (`{schemaVersion, anvilVersion, error: {code, message, hint}}`), with
 * the same exit code.
 */
export async function main(argv: readonly string[], out: (s: string) => void = (s) => void process.stdout.write(s)): Promise<number> {
  const args = optionArgs(argv);
  const json = args.includes('--json');
  const err = (s: string): void => void process.stderr.write(s);
  const state: RunState = { exitCode: 0 };
  // Under --json the parser's own message becomes the JSON error below, not a line on stderr.
  const parserErr = json ? () => undefined : err;
  const report = (info: ErrorInfo, code: number): number => {
    if (json) out(`${jsonError(info)}\n`);
    else err(`anvil: ${info.code}: ${info.message}${info.hint ? ` — ${info.hint}` : ''}\n`);
    return code;
  };
  try {
    // The spinner library only where spinners will be drawn: it costs start-up time.
    const spinners = json || wantsHelp(args) ? undefined : await spinnerLibrary();
    await program(out, parserErr, state, await choicesFor(args), spinners).parseAsync([...argv]);
    return state.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      if (json) out(`${jsonError(errors.cliUsage(e.message.replace(/^error: /, ''), commandName(args)))}\n`);
      return 2;
    }
    if (isAnvilError(e)) return report(e, 1);
    return report(internalError(e), 1);
  }
}
