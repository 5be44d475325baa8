import type { CommandDefinition } from '../cli-env.js';
import { loadModel } from '../load-model.js';
import type { Graph } from '@anvil/core';
import type { DependencyContainer } from 'tsyringe';
import { compileGraph } from '../compile-model.js';
import type { MemoryOptions } from '../plan-memory.js';
import { writeArtifact } from '../write-artifact.js';
import { renderCompileSummary, scheduleLine } from './compile-summary.js';
import { loadOffloaderFor, renderOffloadSummary } from './npu-summary.js';
import { codegenOptions, withCodegenFlags } from './codegen-flags.js';
import type { CodegenFlags } from './codegen-flags.js';

export interface CompileCommandOptions extends MemoryOptions {
  readonly target: string;
  readonly planner: string;
  readonly out: string;
  readonly force: boolean;
  readonly json: boolean;
  /** NPU configuration; its offloader must be registered (see loadOffloaderFor). */
  readonly npu?: string;
}

export function compileCommand(container: DependencyContainer, graph: Graph, o: CompileCommandOptions): string {
  const compiled = compileGraph(container, graph, o);
  writeArtifact(o.out, compiled.files, o.force);
  const schedule = compiled.schedule;
  if (o.json) return JSON.stringify({ ...compiled.report, ...(schedule === undefined ? {} : { schedule }), outputDir: o.out }, null, 2);
  const reorder = schedule === undefined ? '' : `\n${scheduleLine(schedule)}`;
  const npu = compiled.offload === undefined ? '' : `\n${renderOffloadSummary(compiled.offload)}`;
  return `${renderCompileSummary(compiled.report)}${reorder}${npu}\nwrote ${compiled.files.length} files to ${o.out}`;
}

export const defineCompile: CommandDefinition = (program, env) => {
  const command = program
    .command('compile')
    .description('compile the model to a self-contained C folder (sources, Makefile, CMakeLists.txt, report.json)')
    .argument('<model>', 'model file (.tflite)')
    .requiredOption('-o, --out <dir>', 'output folder (refused if non-empty and not written by anvil, unless --force)');
  withCodegenFlags(command, 'target to generate code for')
    .option('--force', 'write into a non-empty folder anvil did not create')
    .option('--json', 'print report.json instead of the summary')
    .action(async (model: string, o: CodegenFlags & { out: string; force?: boolean; json?: boolean }) => {
      const { container } = await env.setup();
      if (o.npu !== undefined) await loadOffloaderFor(container, o.npu);
      const graph = await loadModel(container, model);
      env.out(
        `${compileCommand(container, graph, { ...codegenOptions(o), out: o.out, force: o.force === true, json: o.json === true })}\n`,
      );
    });
};
