import { Command, CommanderError } from 'commander';
import { AnvilError, errors, isAnvilError } from '@anvil/core';
import { wire } from './container.js';
import { inspect } from './commands/inspect.js';
import { interpCommand } from './commands/interp.js';
import { compileCommand } from './commands/compile.js';
import { runCommand } from './commands/run.js';
import { loadModel } from './load-model.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function program(out: (s: string) => void): Command {
  const cmd = new Command('anvil')
    .description('Anvil: int8 models to plain C for bare-metal microcontrollers')
    .option('--plugin <package>', 'load a plugin package (repeatable)', collect, [])
    .option('--project <dir>', 'directory holding anvil.config.json', process.cwd())
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: (s) => process.stderr.write(s) });

  const setup = async (): Promise<Awaited<ReturnType<typeof wire>>> => {
    const g = cmd.opts<{ plugin: string[]; project: string }>();
    return wire(g.project, g.plugin);
  };

  cmd
    .command('inspect')
    .description('print inputs, outputs and a per-operator table (shapes, MACs, weight and activation bytes)')
    .argument('<model>', 'model file (.tflite)')
    .option('--json', 'machine-readable output')
    .action(async (model: string, o: { json?: boolean }) => {
      const { container } = await setup();
      out(`${inspect(await loadModel(container, model), o.json === true)}\n`);
    });

  cmd
    .command('interp')
    .description('run the bit-exact reference interpreter on raw input files')
    .argument('<model>', 'model file (.tflite)')
    .requiredOption('--input <files>', 'raw little-endian input tensors, comma-separated, in model input order')
    .requiredOption('--output <prefix>', 'write PREFIX_0.bin, PREFIX_1.bin, … (one per model output)')
    .option('--force', 'overwrite existing output files')
    .option('--json', 'machine-readable summary')
    .action(async (model: string, o: { input: string; output: string; force?: boolean; json?: boolean }) => {
      const { container } = await setup();
      const graph = await loadModel(container, model);
      out(`${await interpCommand(graph, { input: o.input, output: o.output, force: o.force === true, json: o.json === true })}\n`);
    });
  cmd
    .command('compile')
    .description('compile the model to a self-contained C folder (sources, Makefile, CMakeLists.txt, report.json)')
    .argument('<model>', 'model file (.tflite)')
    .requiredOption('-o, --out <dir>', 'output folder (refused if non-empty and not written by anvil, unless --force)')
    .option('--target <name>', 'target to generate code for', 'host')
    .option('--planner <name>', 'memory planner', 'greedy-by-size')
    .option('--force', 'write into a non-empty folder anvil did not create')
    .option('--json', 'print report.json instead of the summary')
    .action(async (model: string, o: { out: string; target: string; planner: string; force?: boolean; json?: boolean }) => {
      const { container } = await setup();
      const graph = await loadModel(container, model);
      out(`${compileCommand(container, graph, { target: o.target, planner: o.planner, out: o.out, force: o.force === true, json: o.json === true })}\n`);
    });

  cmd
    .command('run')
    .description('compile, build and run the model on a target; outputs are written like `anvil interp`')
    .argument('<model>', 'model file (.tflite)')
    .requiredOption('--input <files>', 'raw little-endian input tensors, comma-separated, in model input order')
    .requiredOption('--output <prefix>', 'write PREFIX_0.bin, PREFIX_1.bin, … (one per model output)')
    .option('--target <name>', 'target to run on', 'host')
    .option('--planner <name>', 'memory planner', 'greedy-by-size')
    .option('--build-dir <dir>', 'keep the generated sources and build here')
    .option('--sanitize', 'host only: build with AddressSanitizer and UBSan')
    .option('--iterations <n>', 'inferences to time (outputs are from the last)', '1')
    .option('--force', 'overwrite existing output files')
    .option('--json', 'machine-readable summary')
    .action(async (model: string, o: { input: string; output: string; target: string; planner: string; buildDir?: string; sanitize?: boolean; iterations: string; force?: boolean; json?: boolean }) => {
      const { container } = await setup();
      const graph = await loadModel(container, model);
      const iterations = Number(o.iterations);
      if (!Number.isInteger(iterations) || iterations < 1) throw new AnvilError(errors.cliBadArgument(`--iterations ${o.iterations} is not a positive integer`, 'e.g. --iterations 100'));
      const text = await runCommand(container, graph, {
        target: o.target,
        planner: o.planner,
        input: o.input,
        output: o.output,
        force: o.force === true,
        json: o.json === true,
        sanitize: o.sanitize === true,
        iterations,
        ...(o.buildDir === undefined ? {} : { buildDir: o.buildDir }),
      });
      out(`${text}\n`);
    });
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
    process.stderr.write(`anvil: INTERNAL: ${e instanceof Error ? e.message : String(e)} — this is a bug in Anvil; please report it with the model\n`);
    return 1;
  }
}
