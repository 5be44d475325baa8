import type { CommandDefinition } from '../cli-env.js';
import { errors, fail, formatShape } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { checkOutputs, collectInputs, readInputs, writeOutputs } from '../io-files.js';

export interface InterpOptions {
  /** The `--input` values: each a file, or a comma-separated list of files (see `inputPaths`). */
  readonly input: string | readonly string[];
  readonly output: string;
  readonly force: boolean;
  readonly json: boolean;
}

/** Runs the reference interpreter on raw input files and writes raw outputs. */
export async function interpCommand(graph: Graph, opts: InterpOptions): Promise<string> {
  const inputs = await readInputs(opts.input);
  if (inputs.length !== graph.inputs.length) fail(errors.inputCountMismatch(inputs.length, graph.inputs.length));
  checkOutputs(opts.output, graph.outputs.length, opts.force);
  const outputs = interpret(graph, inputs);
  const paths = writeOutputs(opts.output, outputs, opts.force);
  const described = graph.outputs.map((id, i) => {
    const t = graph.tensors[id];
    return { index: i, name: t?.name ?? '', dtype: t?.dtype ?? '', shape: t?.shape ?? [], file: paths[i] ?? '' };
  });
  if (opts.json) return JSON.stringify({ model: graph.name, outputs: described }, null, 2);
  return described.map((d) => `output ${d.index} ${d.name}: ${d.dtype} ${formatShape(d.shape)} → ${d.file}`).join('\n');
}

export const defineInterp: CommandDefinition = (program, env) => {
  program
    .command('interp')
    .description('run the bit-exact reference interpreter on raw input files')
    .argument('<model>', 'model file (.tflite)')
    .requiredOption(
      '--input <file>',
      'raw little-endian input tensor, in model input order: repeat the flag, or separate names with commas (a name with a comma is taken whole); - reads standard input',
      collectInputs,
    )
    .requiredOption('--output <prefix>', 'write PREFIX_0.bin, PREFIX_1.bin, … (one per model output)')
    .option('--force', 'overwrite existing output files')
    .option('--json', 'machine-readable summary')
    .action(async (model: string, o: { input: string[]; output: string; force?: boolean; json?: boolean }) => {
      const anvil = await env.setup();
      const graph = await anvil.loadModel(model);
      env.out(`${await interpCommand(graph, { input: o.input, output: o.output, force: o.force === true, json: o.json === true })}\n`);
    });
};
