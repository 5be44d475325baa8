import type { CommandDefinition } from '../cli-env.js';
import { errors, fail, formatShape } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { checkOutputs, collectInputs, readInputs, writeOutputs } from '../io-files.js';
import { withHelpAfter } from '../help-choices.js';
import { jsonDocument, modelRef, outputRefs } from '../json-output.js';
import { silentProgress, step } from '../progress.js';
import type { Progress } from '../progress.js';

export interface InterpOptions {
  /** The `--input` values: each a file, or a comma-separated list of files (see `inputPaths`). */
  readonly input: string | readonly string[];
  readonly output: string;
  readonly force: boolean;
  readonly json: boolean;
  /** The model file as given, for the JSON report. */
  readonly modelPath?: string;
}

/** Runs the reference interpreter on raw input files and writes raw outputs. */
export async function interpCommand(graph: Graph, opts: InterpOptions, progress: Progress = silentProgress): Promise<string> {
  const inputs = await readInputs(opts.input);
  if (inputs.length !== graph.inputs.length) fail(errors.inputCountMismatch(inputs.length, graph.inputs.length));
  checkOutputs(opts.output, graph.outputs.length, opts.force);
  const outputs = await step(progress, `interpreting ${graph.name}`, 'interpreted', () => interpret(graph, inputs));
  const paths = writeOutputs(opts.output, outputs, opts.force);
  const described = outputRefs(graph, paths);
  if (opts.json) return jsonDocument({ model: modelRef(opts.modelPath ?? graph.name, graph.name), outputs: described });
  return described.map((d) => `output ${d.index} ${d.name}: ${d.dtype} ${formatShape(d.shape)} → ${d.file ?? ''}`).join('\n');
}

export const defineInterp: CommandDefinition = (program, env) => {
  const command = program
    .command('interp')
    .description('run the bit-exact reference interpreter on raw input files')
    .argument('<model>', 'model file (.tflite or .onnx)')
    .requiredOption(
      '--input <file>',
      'raw little-endian input tensor, in model input order: repeat the flag, or separate names with commas (a name with a comma is taken whole); - reads standard input',
      collectInputs,
    )
    .requiredOption('--output <prefix>', 'write PREFIX_0.bin, PREFIX_1.bin, … (one per model output)')
    .option('--force', 'overwrite existing output files')
    .option('--json', 'machine-readable summary (schema in the CLI README)')
    .action(async (model: string, o: { input: string[]; output: string; force?: boolean; json?: boolean }) => {
      const anvil = await env.setup();
      const graph = await anvil.loadModel(model);
      const opts = { input: o.input, output: o.output, force: o.force === true, json: o.json === true, modelPath: model };
      env.out(`${await interpCommand(graph, opts, env.progress(o.json === true))}\n`);
    });
  withHelpAfter(command, env.choices, [], ['anvil interp model.tflite --input in.bin --output out/expected']);
};
