import type { CommandDefinition } from '../cli-env.js';
import { collect } from '../cli-env.js';
import { loadModel } from '../load-model.js';
import type { Graph } from '@anvil/core';
import type { DependencyContainer } from 'tsyringe';
import { compileGraph } from '../compile-model.js';
import type { MemoryOptions } from '../plan-memory.js';
import { writeArtifact } from '../write-artifact.js';
import { renderCompileSummary, scheduleLine } from './compile-summary.js';
import { loadOffloaderFor, renderOffloadSummary } from './npu-summary.js';

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
  program
    .command('compile')
    .description('compile the model to a self-contained C folder (sources, Makefile, CMakeLists.txt, report.json)')
    .argument('<model>', 'model file (.tflite)')
    .requiredOption('-o, --out <dir>', 'output folder (refused if non-empty and not written by anvil, unless --force)')
    .option('--target <name>', 'target to generate code for', 'host')
    .option('--planner <name>', 'memory planner (anvil plan compares them)', 'greedy-by-size')
    .option('--pool <name:size[:access]>', 'memory pool, fastest first (repeatable); flash:SIZE bounds the weights', collect, [])
    .option('--pin <pattern=target>', 'pin tensors to POOL, POOL@OFFSET or app (repeatable)', collect, [])
    .option('--reorder', 'run operators in the order with the lowest peak of live bytes')
    .option('--npu <config>', 'offload supported subgraphs to an NPU configuration (e.g. ethos-u55-128)')
    .option('--force', 'write into a non-empty folder anvil did not create')
    .option('--json', 'print report.json instead of the summary')
    .action(
      async (
        model: string,
        o: {
          out: string;
          target: string;
          planner: string;
          pool: string[];
          pin: string[];
          reorder?: boolean;
          npu?: string;
          force?: boolean;
          json?: boolean;
        },
      ) => {
        const { container } = await env.setup();
        if (o.npu !== undefined) await loadOffloaderFor(container, o.npu);
        const graph = await loadModel(container, model);
        const { out, target, planner, pool, pin } = o;
        const opts = {
          target,
          planner,
          out,
          pools: pool,
          pins: pin,
          reorder: o.reorder === true,
          force: o.force === true,
          json: o.json === true,
          ...(o.npu === undefined ? {} : { npu: o.npu }),
        };
        env.out(`${compileCommand(container, graph, opts)}\n`);
      },
    );
};
