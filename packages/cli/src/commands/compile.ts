import type { CommandDefinition } from '../cli-env.js';
import type { CompileOptions, Graph } from '@anvil/core';
import type { Anvil } from '@anvil/sdk';
import { writeArtifact } from '@anvil/sdk';
import { renderCompileSummary, scheduleLine } from './compile-summary.js';
import { renderOffloadSummary } from './npu-summary.js';
import { patchReport } from '../patch-report.js';
import { renderPatchReport } from './patch-table.js';
import { codegenOptions, withCodegenFlags } from './codegen-flags.js';
import type { CodegenFlags } from './codegen-flags.js';
import { checkOutputDir } from '../output-checks.js';
import { withHelpAfter } from '../help-choices.js';
import { jsonDocument, modelRef } from '../json-output.js';
import { silentProgress, step } from '../progress.js';
import type { Progress } from '../progress.js';
import { compileLabel } from './step-labels.js';
import { checkMultiModelOptions, compileModelsCommand } from './compile-models.js';

export interface CompileCommandOptions extends CompileOptions {
  readonly out: string;
  readonly force: boolean;
  readonly json: boolean;
  /** The model file as given, for the JSON report. */
  readonly modelPath?: string;
}

export async function compileCommand(
  anvil: Anvil,
  graph: Graph,
  o: CompileCommandOptions,
  progress: Progress = silentProgress,
): Promise<string> {
  const compiled = await step(progress, compileLabel(graph, o), 'compiled', () => anvil.compile(graph, o));
  const artifact = anvil.emit(compiled);
  writeArtifact(o.out, artifact.files, o.force);
  const schedule = compiled.schedule;
  const patches = compiled.patchSearch === undefined ? undefined : patchReport(graph, compiled.patchSearch, o.sram);
  if (o.json)
    return jsonDocument({
      ...artifact.report,
      model: modelRef(o.modelPath ?? graph.name, artifact.report.model),
      ...(schedule === undefined ? {} : { schedule }),
      ...(patches === undefined ? {} : { patches }),
      outputDir: o.out,
      files: artifact.files.map((f) => f.path),
    });
  const reorder = schedule === undefined ? '' : `\n${scheduleLine(schedule)}`;
  const npu = compiled.offload === undefined ? '' : `\n${renderOffloadSummary(compiled.offload)}`;
  const patched = patches === undefined ? '' : `\n${renderPatchReport(patches)}`;
  return `${renderCompileSummary(artifact.report)}${reorder}${npu}${patched}\nwrote ${artifact.files.length} files to ${o.out}`;
}

export const defineCompile: CommandDefinition = (program, env) => {
  const command = program
    .command('compile')
    .description('compile the model to a self-contained C folder (sources, Makefile, CMakeLists.txt, report.json)')
    .argument('<model...>', 'model file(s) (.tflite or .onnx); several go into one folder, one library, one shared arena')
    .requiredOption(
      '-o, --out <dir>',
      'output folder; anvil replaces only the files it wrote there (listed in .anvil-manifest.json) and leaves all others alone',
    );
  withCodegenFlags(command, 'target to generate code for')
    .option('--force', 'write into a non-empty folder, overwriting files at the paths anvil generates (never removing any)')
    .option('--json', 'print the compile report (report.json, with the model and files) as JSON instead of the summary')
    .option('--name <name>', 'with several models: the C name of the library they form (lib<name>.a, <name>.h)', 'models')
    .action(async (models: string[], o: CodegenFlags & { out: string; force?: boolean; json?: boolean; name: string }) => {
      const options = codegenOptions(o);
      if (models.length > 1) checkMultiModelOptions(options);
      // A path that can never be written is refused before the (perhaps long) compile.
      checkOutputDir(o.out);
      const anvil = await env.setup();
      if (o.npu !== undefined) await anvil.ensureOffloader(o.npu);
      const progress = env.progress(o.json === true || o.dumpAfter !== undefined);
      if (models.length > 1) {
        const graphs = [];
        for (const m of models) graphs.push(await anvil.loadModel(m));
        const flags = { ...options, out: o.out, force: o.force === true, json: o.json === true, name: o.name, modelPaths: models };
        env.out(`${await compileModelsCommand(anvil, graphs, flags, progress)}\n`);
        return;
      }
      const model = models[0] as string;
      const graph = await anvil.loadModel(model);
      const text = await compileCommand(
        anvil,
        graph,
        { ...options, out: o.out, force: o.force === true, json: o.json === true, modelPath: model },
        progress,
      );
      env.out(`${text}\n`);
    });
  withHelpAfter(
    command,
    env.choices,
    ['--target', '--planner', '--npu'],
    [
      'anvil compile model.tflite --target cortex-m4 -o build/model',
      'anvil compile model.tflite --target cortex-m55 --npu ethos-u55-128 --planner ilp -o build/npu',
      'anvil compile kws.tflite vww.tflite --target cortex-m4 --name sensors -o build/sensors   # one library, one shared arena',
    ],
  );
};
