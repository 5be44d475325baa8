import type { CommandDefinition } from '../cli-env.js';
import type { CompileOptions, Graph } from '@anvil/core';
import type { Anvil } from '@anvil/sdk';
import { checkOutputFolder, writeArtifact } from '@anvil/sdk';
import { renderCompileSummary, scheduleLine } from './compile-summary.js';
import { renderOffloadSummary } from './npu-summary.js';
import { codegenOptions, withCodegenFlags } from './codegen-flags.js';
import type { CodegenFlags } from './codegen-flags.js';

export interface CompileCommandOptions extends CompileOptions {
  readonly out: string;
  readonly force: boolean;
  readonly json: boolean;
}

export function compileCommand(anvil: Anvil, graph: Graph, o: CompileCommandOptions): string {
  const compiled = anvil.compile(graph, o);
  const artifact = anvil.emit(compiled);
  writeArtifact(o.out, artifact.files, o.force);
  const schedule = compiled.schedule;
  if (o.json) return JSON.stringify({ ...artifact.report, ...(schedule === undefined ? {} : { schedule }), outputDir: o.out }, null, 2);
  const reorder = schedule === undefined ? '' : `\n${scheduleLine(schedule)}`;
  const npu = compiled.offload === undefined ? '' : `\n${renderOffloadSummary(compiled.offload)}`;
  return `${renderCompileSummary(artifact.report)}${reorder}${npu}\nwrote ${artifact.files.length} files to ${o.out}`;
}

export const defineCompile: CommandDefinition = (program, env) => {
  const command = program
    .command('compile')
    .description('compile the model to a self-contained C folder (sources, Makefile, CMakeLists.txt, report.json)')
    .argument('<model>', 'model file (.tflite)')
    .requiredOption(
      '-o, --out <dir>',
      'output folder; anvil replaces only the files it wrote there (listed in .anvil-manifest.json) and leaves all others alone',
    );
  withCodegenFlags(command, 'target to generate code for')
    .option('--force', 'write into a non-empty folder, overwriting files at the paths anvil generates (never removing any)')
    .option('--json', 'print report.json instead of the summary')
    .action(async (model: string, o: CodegenFlags & { out: string; force?: boolean; json?: boolean }) => {
      const options = codegenOptions(o);
      // A path that can never be written is refused before the (perhaps long) compile.
      checkOutputFolder(o.out);
      const anvil = await env.setup();
      if (o.npu !== undefined) await anvil.ensureOffloader(o.npu);
      const graph = await anvil.loadModel(model);
      env.out(`${compileCommand(anvil, graph, { ...options, out: o.out, force: o.force === true, json: o.json === true })}\n`);
    });
};
