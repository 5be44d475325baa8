import type { CommandDefinition } from '../cli-env.js';
import { loadModel } from '../load-model.js';
import type { Graph } from '@anvil/core';
import type { DependencyContainer } from 'tsyringe';
import { compileGraph } from '../compile-model.js';
import { writeArtifact } from '../write-artifact.js';
import { renderCompileSummary } from './compile-summary.js';

export interface CompileCommandOptions {
  readonly target: string;
  readonly planner: string;
  readonly out: string;
  readonly force: boolean;
  readonly json: boolean;
}

export function compileCommand(container: DependencyContainer, graph: Graph, o: CompileCommandOptions): string {
  const compiled = compileGraph(container, graph, { target: o.target, planner: o.planner });
  writeArtifact(o.out, compiled.files, o.force);
  if (o.json) return JSON.stringify({ ...compiled.report, outputDir: o.out }, null, 2);
  return `${renderCompileSummary(compiled.report)}\nwrote ${compiled.files.length} files to ${o.out}`;
}

export const defineCompile: CommandDefinition = (program, env) => {
  program
    .command('compile')
    .description('compile the model to a self-contained C folder (sources, Makefile, CMakeLists.txt, report.json)')
    .argument('<model>', 'model file (.tflite)')
    .requiredOption('-o, --out <dir>', 'output folder (refused if non-empty and not written by anvil, unless --force)')
    .option('--target <name>', 'target to generate code for', 'host')
    .option('--planner <name>', 'memory planner', 'greedy-by-size')
    .option('--force', 'write into a non-empty folder anvil did not create')
    .option('--json', 'print report.json instead of the summary')
    .action(async (model: string, o: { out: string; target: string; planner: string; force?: boolean; json?: boolean }) => {
      const { container } = await env.setup();
      const graph = await loadModel(container, model);
      env.out(
        `${compileCommand(container, graph, { target: o.target, planner: o.planner, out: o.out, force: o.force === true, json: o.json === true })}\n`,
      );
    });
};
