import type { Command } from 'commander';
import { collect } from '../cli-env.js';
import type { CompileOptions } from '../compile-model.js';

/** The flags `compile` and `run` share: what to generate code for and how memory is planned. */
export interface CodegenFlags {
  readonly target: string;
  readonly planner: string;
  readonly pool: string[];
  readonly pin: string[];
  readonly reorder?: boolean;
  readonly npu?: string;
}

/** Adds the shared flags to a command, with its own wording for `--target`. */
export function withCodegenFlags(command: Command, targetHelp: string): Command {
  return command
    .option('--target <name>', targetHelp, 'host')
    .option('--planner <name>', 'memory planner (anvil plan compares them)', 'greedy-by-size')
    .option('--pool <name:size[:access]>', 'memory pool, fastest first (repeatable); flash:SIZE bounds the weights', collect, [])
    .option('--pin <pattern=target>', 'pin tensors to POOL, POOL@OFFSET or app (repeatable)', collect, [])
    .option('--reorder', 'run operators in the order with the lowest peak of live bytes')
    .option('--npu <config>', 'offload supported subgraphs to an NPU configuration (e.g. ethos-u55-128)');
}

/** The compile options those flags stand for. */
export function codegenOptions(f: CodegenFlags): CompileOptions {
  return {
    target: f.target,
    planner: f.planner,
    pools: f.pool,
    pins: f.pin,
    reorder: f.reorder === true,
    ...(f.npu === undefined ? {} : { npu: f.npu }),
  };
}
