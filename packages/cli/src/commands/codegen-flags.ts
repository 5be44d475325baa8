import type { Command } from 'commander';
import { DEFAULT_CODE_SIZE } from '@anvil/core';
import type { CompileOptions } from '@anvil/core';
import { parseCodeSize } from '../code-size-option.js';
import { TIME_LIMIT_MS, parseCount } from '../count-option.js';
import { readTuningLog } from '../tuning-log-file.js';
import { collect } from '../cli-env.js';
import { dumpOptions } from '../dump-ir.js';
import { memoryFlags, parseBytes } from '../memory-options.js';
import { NPU_SYSTEM_HELP, npuWithSystem } from '../npu-system-option.js';

/** The flags `compile` and `run` share: what to generate code for and how memory is planned. */
export interface CodegenFlags {
  readonly target: string;
  readonly planner: string;
  readonly timeLimit?: string;
  readonly pool: string[];
  readonly pin: string[];
  readonly reorder?: boolean;
  readonly npu?: string;
  readonly npuSystem?: string;
  readonly codeSize: string;
  readonly tuningLog?: string;
  readonly dumpAfter?: string;
  readonly sram?: string;
}

/** Adds the shared flags to a command, with its own wording for `--target`. */
export function withCodegenFlags(command: Command, targetHelp: string): Command {
  return withDumpFlag(
    command
      .option('--target <name>', targetHelp, 'host')
      .option('--planner <name>', 'memory planner (anvil plan compares them); auto: the smallest plan of them all', 'auto')
      .option('--time-limit <ms>', 'time limit of searching planners (ilp; auto gives it 1,000 ms), in milliseconds')
      .option('--pool <name:size[:access]>', 'memory pool, fastest first (repeatable); flash:SIZE bounds the weights', collect, [])
      .option('--pin <pattern=target>', 'pin tensors to POOL, POOL@OFFSET or app (repeatable)', collect, [])
      .option('--reorder', 'run operators in the order with the lowest peak of live bytes')
      .option(
        '--sram <bytes>',
        'SRAM budget for the arena: run the first layers in row bands (recomputing halos) when the model does not fit as it is; fail when nothing fits',
      )
      .option('--npu <config>', 'offload supported subgraphs to an NPU configuration (e.g. ethos-u55-128)')
      .option('--npu-system <name|file.json>', NPU_SYSTEM_HELP)
      .option(
        '--code-size <size>',
        'small (one shared instance per kernel), balanced (specialise the heaviest calls) or fast (specialise every call)',
        DEFAULT_CODE_SIZE,
      )
      .option('--tuning-log <file>', 'kernel choices from `anvil tune` for this target (the report marks each node the log decided)'),
  );
}

/** `--dump-after STAGE`: the IR after that stage, as JSON on stderr. */
export function withDumpFlag(command: Command): Command {
  return command.option('--dump-after <stage>', 'print the IR after a compile stage as JSON on stderr (a wrong name lists the stages)');
}

/** The compile options those flags stand for, parsed once here: nothing below re-reads a flag. */
export function codegenOptions(f: CodegenFlags): CompileOptions {
  const npu = npuWithSystem(f.npu, f.npuSystem);
  return {
    target: f.target,
    planner: f.planner,
    ...(f.timeLimit === undefined ? {} : { timeLimitMs: parseCount(f.timeLimit, '--time-limit', TIME_LIMIT_MS) }),
    ...memoryFlags(f.pool, f.pin),
    reorder: f.reorder === true,
    ...(f.sram === undefined ? {} : { sram: parseBytes(f.sram, '--sram') }),
    codeSize: parseCodeSize(f.codeSize),
    ...(npu === undefined ? {} : { npu }),
    ...(f.tuningLog === undefined ? {} : { tuning: readTuningLog(f.tuningLog), tuningSource: f.tuningLog }),
    ...dumpOptions(f.dumpAfter),
  };
}
